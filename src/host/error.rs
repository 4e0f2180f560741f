//! What can go wrong with a plugin: shared by the compile budget and the runtime. Typed:
//! [`crate::words::host_error`] puts an error into words in the reader's language, and
//! `Display` gives its English words. Details quoted from wasmtime or from the plugin itself
//! are kept as they were given (escaped where they are shown).

/// Why a plugin cannot be used, or why one call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// The module does not compile (not WASM, or invalid).
    Module(ModuleProblem),
    /// The module is larger than the limits allow; it was not compiled.
    TooLarge(TooLarge),
    /// The module imports something (`module::name`, escaped); plugins must be
    /// self-contained.
    Imports(String),
    /// An export is missing or has the wrong type.
    Abi(AbiProblem),
    /// The plugin trapped, ran out of fuel or memory.
    Trap(TrapProblem),
    /// The plugin returned something that is not a decision.
    Output(OutputProblem),
}

/// Why a module does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleProblem {
    /// wasmtime or the WASM parser refused it, in its words.
    Invalid(String),
    /// A WASM component, where a plugin is a core module.
    Component,
}

/// Which size of a module is over its limit, by how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// The whole module, in bytes.
    Module {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Its code section, in bytes.
    Code {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// One function's body, in bytes.
    Function {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// How many functions it defines.
    Functions {
        /// How many.
        count: u64,
        /// The limit.
        limit: u64,
    },
}

/// How a module does not follow the ABI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbiProblem {
    /// No exported memory of this name.
    NoMemory {
        /// The export's name.
        name: &'static str,
    },
    /// No exported function of this name and type.
    NoFunction {
        /// The export's name.
        name: String,
        /// The type the ABI wants.
        signature: String,
    },
    /// Another version of the ABI.
    Version {
        /// What the plugin says.
        found: i32,
        /// What this host speaks.
        spoken: i32,
    },
    /// `alloc` gave a buffer outside the plugin's memory.
    BufferOutside,
    /// The embedded policy does not load.
    PolicyDoesNotLoad,
    /// A policy hash of a length no hash has.
    HashLength {
        /// Its length in bytes.
        bytes: u32,
    },
    /// A policy hash that is not UTF-8.
    HashNotUtf8,
}

/// Why a call failed inside the plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrapProblem {
    /// The flow is larger than a 32-bit plugin can take.
    FlowTooLarge,
    /// `alloc` could not give memory.
    NoMemory,
    /// No live instance (an earlier failure could not be recovered from).
    NoInstance,
    /// It ran out of fuel.
    OutOfFuel,
    /// It reached its memory limit.
    MemoryLimit,
    /// It trapped, with wasmtime's words for the trap.
    Trapped(String),
    /// Another failure, in wasmtime's words.
    Failed(String),
}

/// How an answer is not a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputProblem {
    /// Longer than the limit.
    TooLarge {
        /// Its length.
        bytes: u32,
        /// The limit.
        limit: u32,
    },
    /// Not UTF-8.
    NotUtf8,
    /// Not a decision's JSON, in the parser's words.
    NotADecision(String),
    /// It names another policy than the plugin's (both quoted and cut short).
    OtherPolicy {
        /// What it names.
        named: String,
        /// The plugin's.
        own: String,
    },
    /// It answers for another flow than the one asked about (both quoted and cut short).
    OtherFlow {
        /// What it names.
        named: String,
        /// The flow asked about.
        asked: String,
    },
    /// It points outside the plugin's memory.
    OutsideMemory,
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::words::host_error(crate::words::Lang::EN, self))
    }
}

impl std::error::Error for HostError {}
