import { outsiderSuite } from '../support/outsider-suite';

outsiderSuite('the whole schema, called by an outsider with the ids of another ward', 'HT-TP-NH', {
  code: 'HT-TP-BH-BT',
  ward: 'HT-TP-BH',
});
