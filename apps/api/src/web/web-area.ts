import type { Provider, Type } from '@nestjs/common';

/**
 * One role workspace of the portal: its page controllers and the services they read through.
 * Each area lives in its own folder with its own dictionary namespace (templates/web/i18n/<lang>/<area>.json),
 * so areas grow side by side without editing one another's files.
 */
export interface WebArea {
  controllers: Type[];
  providers: Provider[];
}
