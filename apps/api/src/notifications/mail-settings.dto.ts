import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { MAIL_LANGUAGES, MAIL_TOPICS, NOTIFICATION_MAIL_TOPICS, type MailLanguage, type NotificationMailTopic } from '@workflows/rules';
import { LabelView } from '../common/views.dto';

/** 通知设置: the language of one's email and the topics whose email one does not want (the inbox keeps them all). */
export class MailSettingsDto {
  /** 邮件语言：zh-CN 或 en */
  @ApiProperty({ enum: MAIL_LANGUAGES })
  @IsIn(MAIL_LANGUAGES)
  language!: MailLanguage;

  /** 不发邮件的通知类别（站内信照常） */
  @ApiProperty({ enum: MAIL_TOPICS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAIL_TOPICS.length)
  @IsIn(MAIL_TOPICS, { each: true })
  emailOff!: NotificationMailTopic[];
}

/** 一类通知是否发邮件 / one topic of notifications and whether its email is sent. */
export class MailTopicView {
  @ApiProperty({ enum: MAIL_TOPICS })
  topic!: NotificationMailTopic;
  label!: LabelView;
  /** true：站内信之外另发邮件 / true: an email is sent besides the inbox. */
  email!: boolean;
}

/** 我的通知设置 / one's notification settings: the language of one's email and each topic's email. */
export class MailSettingsView {
  @ApiProperty({ enum: MAIL_LANGUAGES })
  language!: MailLanguage;
  topics!: MailTopicView[];
}

export function mapMailSettings(language: MailLanguage, off: ReadonlySet<string>): MailSettingsView {
  return {
    language,
    topics: MAIL_TOPICS.map((topic) => ({ topic, label: NOTIFICATION_MAIL_TOPICS[topic], email: !off.has(topic) })),
  };
}
