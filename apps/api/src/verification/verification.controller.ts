import { Controller, Get, HttpCode, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { MultipartInterceptor } from '../applications/multipart-upload';
import { Public } from '../common/auth/roles.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { VerifyHashDto, type VerificationDto } from './verification.dto';
import { VerificationService } from './verification.service';

/** 文书真伪核验 (public, counted per address against PSP_VERIFY_LIMIT_PER_ADDRESS). */
@ApiTags('documents 文书')
@Controller()
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  /** 按 SHA-256 摘要核验文书（PDF 页脚印制的内容摘要，或文件本身的摘要） */
  @Public()
  @RateLimit('verify')
  @Get('public/verify')
  byHash(@Query() q: VerifyHashDto): Promise<VerificationDto> {
    return this.verification.byHash(q.sha256);
  }

  /** 上传文书文件核验（multipart 字段 file；只计算摘要，不保存文件） */
  @Public()
  @RateLimit('verify')
  @Post('public/verify')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(MultipartInterceptor)
  byFile(@UploadedFile() file?: Express.Multer.File): Promise<VerificationDto> {
    return this.verification.byFile(file);
  }
}
