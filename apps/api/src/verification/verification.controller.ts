import { Controller, Get, HttpCode, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { MultipartInterceptor } from '../applications/multipart-upload';
import { Public } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileUpload } from '../common/openapi/api-files.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { VerificationView, VerifyHashDto } from './verification.dto';
import { VerificationService } from './verification.service';

/** 文书真伪核验 (public, counted per address against PSP_VERIFY_LIMIT_PER_ADDRESS). */
@ApiTags('documents 文书')
@Controller()
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  /**
   * 按摘要核验文书 / Verify a document by its SHA-256
   *
   * @remarks PDF 页脚印制的内容摘要，或文件本身的摘要 / the content hash printed in the PDF's footer, or the file's own
   */
  @ApiErrors(400)
  @Public()
  @RateLimit('verify')
  @Get('public/verify')
  byHash(@Query() q: VerifyHashDto): Promise<VerificationView> {
    return this.verification.byHash(q.sha256);
  }

  /**
   * 上传文件核验文书 / Verify a document file
   *
   * @remarks multipart 字段 file；只计算摘要，不保存文件 / the multipart part `file` is hashed and never kept
   */
  @ApiErrors(400, 413)
  @Public()
  @RateLimit('verify')
  @Post('public/verify')
  @HttpCode(200)
  @ApiFileUpload({}, '要核验的文书文件（PDF 或 HTML）/ the document file to verify (PDF or HTML)')
  @UseInterceptors(MultipartInterceptor)
  byFile(@UploadedFile() file?: Express.Multer.File): Promise<VerificationView> {
    return this.verification.byFile(file);
  }
}
