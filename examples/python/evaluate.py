"""Decide flows with a mandate policy plugin from Python, using wasmtime from PyPI.

    pip install wasmtime
    python evaluate.py policy.wasm flow.json [flow.json ...]

Prints one decision (JSON) per flow. The ABI is described in wasm-guest/README.md.
"""

import sys

from wasmtime import Engine, Instance, Module, Store


class Plugin:
    """One plugin instance. The plugin imports nothing, so it needs no WASI and no linker."""

    def __init__(self, path):
        self.store = Store(Engine())
        module = Module.from_file(self.store.engine, path)
        exports = Instance(self.store, module, []).exports(self.store)
        self.memory = exports["memory"]
        self.alloc = exports["alloc"]
        self.release = exports["release"]
        self.evaluate_ = exports["evaluate"]
        if exports["abi_version"](self.store) != 1:
            raise RuntimeError("unsupported plugin ABI version")
        self.policy_hash = self._take(exports["policy_hash"](self.store), release=False)

    def _take(self, packed, release=True):
        packed &= (1 << 64) - 1  # the i64 arrives signed
        ptr, length = packed >> 32, packed & 0xFFFFFFFF
        data = bytes(self.memory.read(self.store, ptr, ptr + length))
        if release:
            self.release(self.store, ptr, length)
        return data.decode("utf-8")

    def evaluate(self, flow_json: str) -> str:
        """The decision JSON for one flow document (byte-identical to `mandate check`)."""
        data = flow_json.encode("utf-8")
        ptr = self.alloc(self.store, len(data))
        self.memory.write(self.store, data, ptr)
        packed = self.evaluate_(self.store, ptr, len(data))
        self.release(self.store, ptr, len(data))
        return self._take(packed)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    plugin = Plugin(argv[1])
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            print(plugin.evaluate(f.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
