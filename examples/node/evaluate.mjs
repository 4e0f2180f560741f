// Runs a mandate policy plugin with Node's built-in WebAssembly: no packages, no WASI.
//
//   node evaluate.mjs policy.wasm FLOWS...
//
// Each FLOWS file (or `-` for standard input) holds one flow (a JSON object, as
// `mandate check --flow` reads), a JSON array of flows, or JSON lines (one flow per line, as
// in a `.jsonl` file). In an array, a string is passed to the plugin exactly as it is, so
// malformed documents can be tested too. Prints one decision per line, the plugin's bytes
// unchanged. See README.md; the ABI is described in wasm-guest/README.md.
import { readFileSync } from "node:fs";

const [wasmPath, ...flowPaths] = process.argv.slice(2);
if (!wasmPath || flowPaths.length === 0) {
  console.error("usage: node evaluate.mjs policy.wasm FLOWS.json|FLOWS.jsonl|- ...");
  process.exit(2);
}

/** The flow documents of one file, each as the text to hand to the plugin. */
function flowsOf(path) {
  const text = readFileSync(path === "-" ? 0 : path, "utf8");
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (!path.endsWith(".jsonl")) {
    let parsed;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined; // not one JSON document: read it as JSON lines below
    }
    if (Array.isArray(parsed)) {
      return parsed.map((f) => (typeof f === "string" ? f : JSON.stringify(f)));
    }
    if (parsed !== undefined) return [trimmed];
  }
  // JSON lines: each line as it is (a malformed line gets a deny of kind error).
  return text.split(/\r?\n/).filter((line) => line.trim() !== "");
}

let flows;
try {
  flows = flowPaths.flatMap(flowsOf);
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(2);
}

// No imports: a plugin that needs any fails to instantiate here.
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const { memory, alloc, release, evaluate, abi_version } = instance.exports;
if (abi_version() !== 1) {
  console.error(`unsupported plugin ABI version ${abi_version()}`);
  process.exit(2);
}

const encoder = new TextEncoder();
const newline = Buffer.from("\n");
const out = [];
for (const flow of flows) {
  const input = encoder.encode(flow);
  const ptr = alloc(input.length);
  // memory.buffer is replaced when the plugin grows its memory: take it afresh each time.
  new Uint8Array(memory.buffer, ptr, input.length).set(input);
  const packed = BigInt.asUintN(64, evaluate(ptr, input.length));
  release(ptr, input.length);
  const outPtr = Number(packed >> 32n);
  const outLen = Number(packed & 0xffffffffn);
  out.push(Buffer.from(new Uint8Array(memory.buffer, outPtr, outLen)), newline);
  release(outPtr, outLen);
}
process.stdout.write(Buffer.concat(out));
