import { IndexBuilders } from '../../src/generator/table-load';

/** The loads building their indexes at once share the cores: a load left alone takes the idle ones (generator/table-load.ts). */
describe('the cores of the index builds', () => {
  it('gives no parallel worker while the loads are as many as the cores, and the idle cores to the last one', () => {
    const builders = new IndexBuilders(3, 2);
    expect(builders.idleCores).toBe(0);
    builders.finished();
    expect(builders.idleCores).toBe(0);
    builders.finished();
    expect(builders.idleCores).toBe(1);
  });

  it('gives a load alone on the machine every core but its own', () => {
    expect(new IndexBuilders(1, 4).idleCores).toBe(3);
    expect(new IndexBuilders(1, 1).idleCores).toBe(0);
  });
});
