import fs from 'node:fs';
import YAML from 'yaml';

/** Reads a dataset file: YAML when the name ends in .yaml/.yml, JSON otherwise. */
export function readDatasetFile(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  return /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
}
