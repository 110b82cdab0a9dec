import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMMatrix, Image, Path2D, createCanvas } from '@napi-rs/canvas';
import { FormModel, MOTTO } from '../../src/documents/form-model';
import { formPdf } from '../../src/documents/render-pdf';

/**
 * The PDF forms are drawn, not only extracted as text: a page rendered to PNG by pdf.js on a real canvas
 * (@napi-rs/canvas), and the Vietnamese marks found where they belong. A font without those letters
 * would draw its .notdef box instead — no taller than a capital — so the band above the capitals would
 * stay white; it is inked above "ĐẢNG CỘNG SẢN VIỆT NAM" and blank above a line of plain capitals.
 */
Object.assign(globalThis, { DOMMatrix, Path2D });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfjs = require('pdfjs-dist/legacy/build/pdf.js');

const SCALE = 3;

const form: FormModel = {
  fileName: 'render-check',
  issuer: 'Ha Noi', // plain capitals once upper-cased: the control line
  place: 'Hà Tĩnh',
  title: 'PHIẾU TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG',
  subtitle: null,
  fields: [['Họ và tên', 'Nguyễn Thị Hằng']],
  table: { headers: ['Tiêu chí', 'Mức'], rows: [['Tư tưởng chính trị', 'Xuất sắc']] },
  paragraphs: ['Đã hoàn thành tốt nhiệm vụ; ưu điểm, khuyết điểm được nêu rõ.'],
  signature: { office: 'T/M CHI BỘ', name: 'Trần Văn Đức' },
  source: '004 §II.4',
};

interface TextItem {
  str: string;
  transform: number[];
  width: number;
}

async function renderFirstPage(bytes: Buffer) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, disableFontFace: true }).promise;
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: SCALE });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  const canvasFactory = {
    create: (w: number, h: number) => {
      const c = createCanvas(w, h);
      return { canvas: c, context: c.getContext('2d') };
    },
    reset: (c: { canvas: { width: number; height: number } }, w: number, h: number) => {
      c.canvas.width = w;
      c.canvas.height = h;
    },
    destroy: () => undefined,
  };
  await page.render({ canvasContext: context, viewport, canvasFactory }).promise;
  const items = (await page.getTextContent()).items as TextItem[];
  return { png: await canvas.encode('png'), items, pageHeight: viewport.height / SCALE };
}

/** Dark pixels of the PNG in the band 0.80–1.05 em above a text item's baseline (where marks above capitals sit), across its width. */
async function inkAboveCapitals(png: Buffer, item: TextItem, pageHeight: number): Promise<number> {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const [size, , , , x, baseline] = item.transform;
  const top = Math.round((pageHeight - baseline - 1.05 * size) * SCALE);
  const bottom = Math.round((pageHeight - baseline - 0.8 * size) * SCALE);
  const { data } = ctx.getImageData(Math.round(x * SCALE), top, Math.round(item.width * SCALE), bottom - top);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 3 * 128) dark++;
  return dark;
}

describe('PDF forms render Vietnamese', () => {
  it('draws the marks above the capitals of the motto, and none above plain capitals, on a page rendered to PNG', async () => {
    const { png, items, pageHeight } = await renderFirstPage(await formPdf(form));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'form-')), 'page-1.png');
    fs.writeFileSync(file, png);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    const motto = items.find((i) => i.str === MOTTO);
    const plain = items.find((i) => i.str === 'HA NOI');
    expect(motto).toBeDefined();
    expect(plain).toBeDefined();
    const marks = await inkAboveCapitals(png, motto!, pageHeight);
    const none = await inkAboveCapitals(png, plain!, pageHeight);
    expect(none).toBe(0);
    expect(marks).toBeGreaterThan(40);
  });
});
