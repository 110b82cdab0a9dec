import { signDevToken } from '../auth/tokens';
import { loadConfig } from '../config';

/** `npm run token -- PERSON_CODE [HOURS]`: prints a development token (HS256 with JWT_SECRET or the dev secret). */
const [code, hours] = process.argv.slice(2);
if (!code) {
  console.error('usage: npm run token -- PERSON_CODE [HOURS]   e.g. npm run token -- HT-TP-BT');
  process.exit(2);
}
const config = loadConfig();
console.log(signDevToken(code, config, Math.round(Number(hours ?? 8) * 3600)));
