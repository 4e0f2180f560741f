"""mandate: policy-as-code compliance engine for humanitarian data protection.

Type stubs of the native module. See docs/python.md.
"""

from os import PathLike
from typing import Any, Dict, List, Literal, Optional, Sequence, Union

__version__: str

Flow = Union[Dict[str, Any], str, bytes]
"""A flow: a dict, or its JSON text (str or UTF-8 bytes)."""

Outcome = Literal["allow", "deny", "review"]
Kind = Literal["error", "forbidden", "gap", "review_required", "not_permitted"]

class PolicyError(Exception):
    """The policy could not be loaded or has errors."""

    diagnostics: List[Diagnostic]
    """Every finding (errors and warnings); empty when the pack could not be read at all."""

class Diagnostic:
    """One finding about a policy: where it is and what to do about it."""

    severity: Literal["error", "warning"]
    code: str
    """The stable machine code, such as ``E0101``."""
    file: Optional[str]
    line: Optional[int]
    """1-based."""
    column: Optional[int]
    """1-based, in characters."""
    message: str
    help: Optional[str]
    notes: List[str]

class Decision:
    """The answer to "may this flow go?", with the reasons in words."""

    @property
    def decision(self) -> Outcome: ...
    @property
    def kind(self) -> Optional[Kind]:
        """Why not allowed; ``None`` for an allow."""
    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> str: ...
    @property
    def flow(self) -> str:
        """The flow's id."""
    @property
    def policy(self) -> str:
        """The hash of the policy that decided."""
    @property
    def rules(self) -> List[str]:
        """The deciding rules by name (a built-in chain check by its id), in order."""
    @property
    def determining(self) -> List[Dict[str, Any]]: ...
    @property
    def obligations(self) -> List[Dict[str, Any]]: ...
    @property
    def errors(self) -> List[Dict[str, Any]]: ...
    def to_json(self) -> str:
        """The engine's JSON, byte for byte as ``mandate check --format json`` writes it."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_text(self) -> str: ...

class Verdict:
    """A decision without its words: what a gate acts on."""

    @property
    def decision(self) -> Outcome: ...
    @property
    def kind(self) -> Optional[Kind]: ...
    @property
    def allowed(self) -> bool: ...
    @property
    def rules(self) -> List[str]: ...
    @property
    def obligations(self) -> List[Dict[str, Any]]: ...
    @property
    def errors(self) -> List[Dict[str, Any]]: ...

class ArrowStream:
    """Record batches behind the Arrow PyCapsule protocol, readable once."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class Engine:
    """A compiled policy ready to decide flows; picklable (as its compiled JSON)."""

    @staticmethod
    def from_path(
        path: Union[str, PathLike[str]], lib: Sequence[Union[str, PathLike[str]]] = ...
    ) -> Engine:
        """Compiles a pack folder or policy file; raises PolicyError."""
    @staticmethod
    def from_compiled_json(text: str) -> Engine:
        """Loads a compiled policy, checking its hash; raises PolicyError."""
    def compiled_json(self) -> str:
        """The compiled policy as JSON: what to broadcast to a cluster's workers."""
    @property
    def policy_hash(self) -> str: ...
    def decide(self, flow: Flow, lang: str = "en") -> Decision:
        """Decides one flow; a flow that cannot be read is a deny of kind ``error``."""
    def verdict(self, flow: Flow) -> Verdict: ...
    def explain(
        self, flow: Flow, lang: str = "en", format: Literal["text", "json"] = "text"
    ) -> str: ...
    def decide_batch(self, flows: Any) -> Any:
        """Decides a pyarrow Table or RecordBatch (any ``__arrow_c_stream__`` object) or a
        list of flows; returns a ``pyarrow.Table`` with columns ``id``, ``decision``,
        ``kind``, ``rules``, ``obligations``, ``obligations_json``, ``errors``."""
    def verdict_batch(self, flows: Any) -> Any:
        """Verdicts only, on the inputs ``decide_batch`` takes; returns a ``pyarrow.Table``
        with columns ``id``, ``allowed``, ``decision``, ``kind``: each row's outcome and kind
        those ``verdict`` gives the same flow. The fastest way to ask which flows may go."""
    def decide_stream(self, flows: Any) -> Any:
        """Decides each record batch as it is read; returns a ``pyarrow.RecordBatchReader``."""
    def gate(
        self,
        flow: Flow,
        data: Union[str, PathLike[str], Any],
        output: Union[str, PathLike[str]],
        *,
        columns: Optional[Dict[str, str]] = None,
        key_file: Optional[Union[str, PathLike[str]]] = None,
        by: Sequence[str] = (),
        date_column: Optional[str] = None,
        weight_column: Optional[str] = None,
        sums: Sequence[str] = (),
        register: Optional[Union[str, PathLike[str]]] = None,
        population: Optional[str] = None,
        sheet: Optional[str] = None,
        output_format: Optional[Literal["csv", "parquet"]] = None,
        recipients: Sequence[str] = (),
        log: Optional[Union[str, PathLike[str]]] = None,
        log_key: Optional[Union[str, PathLike[str]]] = None,
        lang: str = "en",
    ) -> Dict[str, Any]:
        """The dataset gate (``mandate gate``) on a file or a frame with
        ``__arrow_c_stream__`` (pandas, Polars, pyarrow): writes ``output`` only if the flow
        is allowed on what the data holds, meeting every obligation. Returns ``released``,
        ``decision`` and the ``report`` or the ``error`` (``code``, ``message``). With
        ``log`` (a folder), the run is attested in that signed decision log, as
        ``mandate gate --log`` does; ``log_key`` names the signing key (kept outside the
        log; created with a ``UserWarning`` if missing)."""
