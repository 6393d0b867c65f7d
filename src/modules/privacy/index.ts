import type { AppModule } from '../../core/module';
import { PrivacyResolver } from './privacy.resolver';

/**
 * The data subject's rights over what the other domains hold about a customer: the export (access)
 * and the anonymization (suppression). Reads users, services and sales; nothing imports it.
 */
export const privacyModule: AppModule = {
  name: 'privacy',
  install(app) {
    app.resolvers(PrivacyResolver);
  },
};
