// Runs a mandate policy plugin with Node's built-in WebAssembly: no packages, no WASI.
//
//   node evaluate.mjs policy.wasm flows.json
//
// flows.json holds a JSON array of strings, each one flow document exactly as it should reach
// the plugin (so malformed documents can be passed too). Prints one decision per line, the
// plugin's bytes unchanged. The ABI is described in wasm-guest/README.md.
import { readFileSync } from "node:fs";

const [wasmPath, flowsPath] = process.argv.slice(2);
if (!wasmPath || !flowsPath) {
  console.error("usage: node evaluate.mjs policy.wasm flows.json");
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
for (const flow of JSON.parse(readFileSync(flowsPath, "utf8"))) {
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
