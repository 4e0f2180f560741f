// Writes the bundled example (the baseline pack, its flows and tests, and the vocabulary it
// uses) as one JSON object, path -> text, the form the page and the engine hold a pack in.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [pack, vocabulary, vocabularyName] = process.argv.slice(2);
const files = {};
const add = (dir, prefix, keep) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile() && keep(name)) files[prefix + name] = readFileSync(path, "utf8");
  }
};
add(pack, "", (n) => n.endsWith(".policy"));
add(join(pack, "flows"), "flows/", (n) => n.endsWith(".json"));
add(join(pack, "tests"), "tests/", (n) => n.endsWith(".json"));
add(vocabulary, `${vocabularyName}/`, (n) => n.endsWith(".policy"));
process.stdout.write(JSON.stringify(files));
