//! One loaded plugin and the calls into it.

use super::Limits;
use super::cache_warning::CacheWarning;
pub use super::error::HostError;
use super::error::{AbiProblem, ModuleProblem, OutputProblem, TrapProblem};
use crate::eval::Decision;
use crate::plugin::abi::{
    self, ABI_VERSION, EXPORT_ABI_VERSION, EXPORT_ALLOC, EXPORT_EVALUATE, EXPORT_EVALUATE_IN,
    EXPORT_MEMORY, EXPORT_POLICY_HASH, EXPORT_RELEASE,
};
use crate::words::Lang;
use wasmtime::{
    Config, Engine, Instance, Memory, Module, Store, StoreLimits, StoreLimitsBuilder, Trap,
    TypedFunc,
};

/// A decision from a plugin (or, for a failure, the fail-closed deny) and its JSON.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// The decision JSON as the host serialises it ([`Decision::to_json`]), never the
    /// plugin's own bytes: whatever else those held (a second line, unknown fields) is
    /// dropped. For an honest plugin the two are the same bytes.
    pub json: String,
    /// The decision.
    pub decision: Decision,
}

/// The exports of one live instance.
struct Live {
    store: Store<StoreLimits>,
    memory: Memory,
    alloc: TypedFunc<i32, i32>,
    release: TypedFunc<(i32, i32), ()>,
    evaluate: TypedFunc<(i32, i32), i64>,
    /// `None` for a plugin written before the export existed: it speaks English only.
    evaluate_in: Option<TypedFunc<(i32, i32, i32, i32), i64>>,
    policy_hash: TypedFunc<(), i64>,
}

/// A policy plugin, ready to decide flows.
pub struct Plugin {
    engine: Engine,
    module: Module,
    limits: Limits,
    hash: String,
    live: Option<Live>,
    warnings: Vec<CacheWarning>,
}

impl Plugin {
    /// Measures against the compile budget, compiles (or loads from the cache) and checks a
    /// plugin: no imports, the ABI's exports with their types, the ABI version, and a policy
    /// that loads. Problems with the cache do not stop it: see [`Plugin::warnings`].
    pub fn load(bytes: &[u8], limits: Limits) -> Result<Plugin, HostError> {
        super::budget::check(bytes, &limits)?;
        let mut config = Config::new();
        config.consume_fuel(true);
        let engine = Engine::new(&config)
            .map_err(|e| HostError::Module(ModuleProblem::Invalid(e.to_string())))?;
        let mut warnings = Vec::new();
        let module = super::cache::load(
            &engine,
            bytes,
            limits.cache_dir.as_deref(),
            limits.cache_key.as_deref(),
            &mut warnings,
        )
        .map_err(|e| HostError::Module(ModuleProblem::Invalid(format!("{e:#}"))))?;
        if let Some(import) = module.imports().next() {
            // The names are the plugin's text: escaped, so an error cannot carry control codes.
            return Err(HostError::Imports(format!(
                "{}::{}",
                import.module().escape_debug(),
                import.name().escape_debug()
            )));
        }
        let mut plugin = Plugin {
            engine,
            module,
            limits,
            hash: String::new(),
            live: None,
            warnings,
        };
        plugin.hash = plugin.read_hash()?;
        Ok(plugin)
    }

    /// What went wrong with the cache while loading (an entry that failed verification and
    /// was compiled again, a folder or key other users could change): the plugin works, but
    /// the user should know. Paths in them are the user's own; escape them for a terminal.
    pub fn warnings(&self) -> &[CacheWarning] {
        &self.warnings
    }

    /// The hash of the policy inside the plugin.
    pub fn policy_hash(&self) -> &str {
        &self.hash
    }

    /// The size of the live instance's memory in bytes (`None` between instances).
    pub fn memory_bytes(&self) -> Option<usize> {
        self.live.as_ref().map(|l| l.memory.data_size(&l.store))
    }

    /// The live instance's linear memory, for inspection (`None` between instances).
    pub fn memory(&self) -> Option<&[u8]> {
        self.live.as_ref().map(|l| l.memory.data(&l.store))
    }

    /// Decides a flow given as JSON. Never fails: a plugin that fails gives a deny of kind
    /// `error` saying how, and the next call starts a fresh instance.
    pub fn decide_json(&mut self, flow: &str) -> Verdict {
        self.decide_json_in(flow, Lang::EN)
    }

    /// As [`Plugin::decide_json`], with the decision's words in `lang` when the plugin has
    /// them (a plugin written before languages existed answers in English).
    pub fn decide_json_in(&mut self, flow: &str, lang: Lang) -> Verdict {
        match self.evaluate_in(flow.as_bytes(), lang) {
            Ok(verdict) => verdict,
            Err(e) => {
                let why = crate::words::host_error(lang, &e);
                let decision = Decision::fault(&flow_id(flow), &self.hash, &why);
                Verdict {
                    json: decision.to_json(),
                    decision,
                }
            }
        }
    }

    /// Decides a flow given as bytes, saying how the plugin failed if it did. The answer must
    /// be one decision for this flow (its `flow` is the request's `id`) under the plugin's own
    /// policy; it is re-serialised by the host. After a failure the instance is dropped (its
    /// state can no longer be trusted) and the next call starts a fresh one.
    pub fn evaluate(&mut self, flow: &[u8]) -> Result<Verdict, HostError> {
        self.evaluate_in(flow, Lang::EN)
    }

    /// As [`Plugin::evaluate`], with the decision's words in `lang` when the plugin has them.
    pub fn evaluate_in(&mut self, flow: &[u8], lang: Lang) -> Result<Verdict, HostError> {
        let result = self.call(flow, lang);
        if result.is_err() {
            self.live = None;
        }
        result
    }

    /// Whether the plugin can put its words in a language other than English (it exports
    /// `evaluate_in`). Instantiates the plugin if it is not live.
    pub fn speaks_languages(&mut self) -> Result<bool, HostError> {
        Ok(self.live()?.evaluate_in.is_some())
    }

    /// One call of `evaluate` (or, for a language other than English, `evaluate_in` when the
    /// plugin has it), with the flow copied in and the result copied out and released.
    fn call(&mut self, flow: &[u8], lang: Lang) -> Result<Verdict, HostError> {
        let fuel = self.limits.fuel;
        let output_limit = self.limits.output_bytes;
        let live = self.live()?;
        live.store.set_fuel(fuel).map_err(trap)?;
        let len =
            i32::try_from(flow.len()).map_err(|_| HostError::Trap(TrapProblem::FlowTooLarge))?;
        let ptr = live.alloc.call(&mut live.store, len).map_err(trap)?;
        if ptr == 0 && len > 0 {
            return Err(HostError::Trap(TrapProblem::NoMemory));
        }
        live.memory
            .write(&mut live.store, ptr as u32 as usize, flow)
            .map_err(|_| HostError::Abi(AbiProblem::BufferOutside))?;
        let packed = match live.evaluate_in.clone().filter(|_| lang != Lang::EN) {
            None => live
                .evaluate
                .call(&mut live.store, (ptr, len))
                .map_err(trap)?,
            Some(evaluate_in) => {
                let code = lang.code().as_bytes();
                // A code is a few ASCII letters: it always fits an i32.
                let code_len = code.len() as i32;
                let code_ptr = live.alloc.call(&mut live.store, code_len).map_err(trap)?;
                if code_ptr == 0 {
                    return Err(HostError::Trap(TrapProblem::NoMemory));
                }
                live.memory
                    .write(&mut live.store, code_ptr as u32 as usize, code)
                    .map_err(|_| HostError::Abi(AbiProblem::BufferOutside))?;
                let packed = evaluate_in
                    .call(&mut live.store, (ptr, len, code_ptr, code_len))
                    .map_err(trap)?;
                live.release
                    .call(&mut live.store, (code_ptr, code_len))
                    .map_err(trap)?;
                packed
            }
        };
        live.release
            .call(&mut live.store, (ptr, len))
            .map_err(trap)?;
        let (out_ptr, out_len) = abi::unpack(packed);
        if out_len > output_limit {
            return Err(HostError::Output(OutputProblem::TooLarge {
                bytes: out_len,
                limit: output_limit,
            }));
        }
        let bytes = read(&live.memory, &live.store, out_ptr, out_len)?;
        live.release
            .call(&mut live.store, (out_ptr as i32, out_len as i32))
            .map_err(trap)?;
        let json =
            String::from_utf8(bytes).map_err(|_| HostError::Output(OutputProblem::NotUtf8))?;
        let decision: Decision = serde_json::from_str(&json)
            .map_err(|e| HostError::Output(OutputProblem::NotADecision(e.to_string())))?;
        if *decision.policy != *self.hash && !self.hash.is_empty() {
            return Err(HostError::Output(OutputProblem::OtherPolicy {
                named: quoted(&decision.policy),
                own: quoted(&self.hash),
            }));
        }
        let asked = std::str::from_utf8(flow).map(flow_id).unwrap_or_default();
        if decision.flow != asked {
            return Err(HostError::Output(OutputProblem::OtherFlow {
                named: quoted(&decision.flow),
                asked: quoted(&asked),
            }));
        }
        Ok(Verdict {
            json: decision.to_json(),
            decision,
        })
    }

    /// The live instance, created on first use and after a failure.
    fn live(&mut self) -> Result<&mut Live, HostError> {
        if self.live.is_none() {
            self.live = Some(self.instantiate()?);
        }
        self.live
            .as_mut()
            .ok_or(HostError::Trap(TrapProblem::NoInstance))
    }

    fn instantiate(&self) -> Result<Live, HostError> {
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.limits.memory_bytes)
            .instances(1)
            .memories(1)
            .tables(1)
            .table_elements(100_000)
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(&self.engine, limits);
        store.limiter(|limits| limits);
        store.set_fuel(self.limits.fuel).map_err(trap)?;
        let instance = Instance::new(&mut store, &self.module, &[]).map_err(trap)?;
        let memory = instance
            .get_memory(&mut store, EXPORT_MEMORY)
            .ok_or(HostError::Abi(AbiProblem::NoMemory {
                name: EXPORT_MEMORY,
            }))?;
        let alloc = typed(&instance, &mut store, EXPORT_ALLOC, "(i32) -> i32")?;
        let release = typed(&instance, &mut store, EXPORT_RELEASE, "(i32, i32)")?;
        let evaluate = typed(&instance, &mut store, EXPORT_EVALUATE, "(i32, i32) -> i64")?;
        // Optional: present in guests that can word their decisions in other languages.
        let evaluate_in = match instance.get_func(&mut store, EXPORT_EVALUATE_IN) {
            None => None,
            Some(_) => Some(typed(
                &instance,
                &mut store,
                EXPORT_EVALUATE_IN,
                "(i32, i32, i32, i32) -> i64",
            )?),
        };
        let policy_hash = typed(&instance, &mut store, EXPORT_POLICY_HASH, "() -> i64")?;
        let version: TypedFunc<(), i32> =
            typed(&instance, &mut store, EXPORT_ABI_VERSION, "() -> i32")?;
        let found = version.call(&mut store, ()).map_err(trap)?;
        if found != ABI_VERSION {
            return Err(HostError::Abi(AbiProblem::Version {
                found,
                spoken: ABI_VERSION,
            }));
        }
        Ok(Live {
            store,
            memory,
            alloc,
            release,
            evaluate,
            evaluate_in,
            policy_hash,
        })
    }

    fn read_hash(&mut self) -> Result<String, HostError> {
        let fuel = self.limits.fuel;
        let live = self.live()?;
        live.store.set_fuel(fuel).map_err(trap)?;
        let packed = live.policy_hash.call(&mut live.store, ()).map_err(trap)?;
        let (ptr, len) = abi::unpack(packed);
        if len == 0 {
            return Err(HostError::Abi(AbiProblem::PolicyDoesNotLoad));
        }
        if len > 1024 {
            return Err(HostError::Abi(AbiProblem::HashLength { bytes: len }));
        }
        let bytes = read(&live.memory, &live.store, ptr, len)?;
        String::from_utf8(bytes).map_err(|_| HostError::Abi(AbiProblem::HashNotUtf8))
    }
}

/// A typed export, or an error naming the export and the type the ABI wants.
fn typed<P, R>(
    instance: &Instance,
    store: &mut Store<StoreLimits>,
    name: &str,
    signature: &str,
) -> Result<TypedFunc<P, R>, HostError>
where
    P: wasmtime::WasmParams,
    R: wasmtime::WasmResults,
{
    instance.get_typed_func::<P, R>(store, name).map_err(|_| {
        HostError::Abi(AbiProblem::NoFunction {
            name: name.to_owned(),
            signature: signature.to_owned(),
        })
    })
}

/// Copies `len` bytes at `ptr` out of the plugin's memory.
fn read(
    memory: &Memory,
    store: &Store<StoreLimits>,
    ptr: u32,
    len: u32,
) -> Result<Vec<u8>, HostError> {
    let start = ptr as usize;
    memory
        .data(store)
        .get(start..start + len as usize)
        .map(<[u8]>::to_vec)
        .ok_or(HostError::Output(OutputProblem::OutsideMemory))
}

/// Describes a failed call: traps in words, fuel and memory exhaustion named as such.
fn trap(e: wasmtime::Error) -> HostError {
    HostError::Trap(match e.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => TrapProblem::OutOfFuel,
        Some(Trap::AllocationTooLarge) => TrapProblem::MemoryLimit,
        Some(t) => TrapProblem::Trapped(t.to_string()),
        None => TrapProblem::Failed(format!("{e:#}")),
    })
}

/// Text from a plugin, quoted and cut short, with control characters escaped, for a message.
fn quoted(text: &str) -> String {
    const MOST: usize = 80;
    match text.char_indices().nth(MOST) {
        Some((at, _)) => format!("{:?}…", &text[..at]),
        None => format!("{text:?}"),
    }
}

/// The `id` of a flow document as the engine reads it, so a failure can still be matched to
/// its request and an answer checked against it.
fn flow_id(json: &str) -> String {
    #[derive(serde::Deserialize)]
    struct JustId {
        id: String,
    }
    if json.len() > crate::eval::flow::MAX_FLOW_BYTES {
        return String::new();
    }
    serde_json::from_str::<JustId>(json)
        .map(|j| j.id)
        .unwrap_or_default()
}
