// The engine: the core built for wasm32 (workbench/src), called through its C ABI with a
// JSON request and a JSON response. Nothing leaves the page.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function loadEngine(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = await response.arrayBuffer();
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const { memory, wb_alloc, wb_call, wb_free } = instance.exports;
  return {
    call(request) {
      const input = encoder.encode(JSON.stringify(request));
      const ptr = wb_alloc(input.length);
      new Uint8Array(memory.buffer, ptr, input.length).set(input);
      const packed = wb_call(ptr, input.length);
      const outPtr = Number(packed >> 32n);
      const outLen = Number(packed & 0xffffffffn);
      const text = decoder.decode(new Uint8Array(memory.buffer, outPtr, outLen).slice());
      wb_free(outPtr, outLen);
      const answer = JSON.parse(text);
      if (!answer.ok) throw new EngineError(answer.error);
      return answer.result;
    },
  };
}

export class EngineError extends Error {}
