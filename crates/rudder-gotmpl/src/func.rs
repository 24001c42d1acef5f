//! Template functions: a Go-like signature (so the executor can convert and check arguments
//! exactly as Go's reflection does) plus a Rust implementation.

use foldhash::HashMap;
use std::fmt;
use std::rc::Rc;

use crate::value::Value;

/// A Go parameter type, as declared by the Go function being imitated.
///
/// The executor uses it the way `text/template` does: untyped constants are converted to it,
/// typed values must be assignable or the call fails with Go's
/// `wrong type for value; expected string; got float64`, and nil for a non-interface
/// parameter is `invalid value; expected string`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `interface{}`: anything, including nil.
    Any,
    Bool,
    String,
    /// Go `int`.
    Int,
    /// Go `int64`.
    Int64,
    Float64,
    /// `[]interface{}`.
    List,
    /// `[]string`.
    StringList,
    /// `map[string]interface{}`.
    Map,
    /// `[]byte`.
    Bytes,
    /// A struct passed by value (`time.Time`, Sprig's `sprig.certificate`): a host object of
    /// that type name.
    Struct(&'static str),
}

impl Ty {
    pub fn go_name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::Bool => "bool",
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Float64 => "float64",
            Ty::List => "[]interface {}",
            Ty::StringList => "[]string",
            Ty::Map => "map[string]interface {}",
            Ty::Bytes => "[]uint8",
            Ty::Struct(name) => name,
        }
    }
}

/// The error a function returns; the executor wraps it as Go does (`error calling NAME: ...`).
#[derive(Debug, Clone)]
pub struct FuncError {
    pub message: String,
    /// A template error raised inside the call (`include`, `tpl`), kept for error chains.
    pub cause: Option<Rc<dyn std::error::Error>>,
}

impl FuncError {
    pub fn new(message: impl Into<String>) -> Self {
        FuncError {
            message: message.into(),
            cause: None,
        }
    }
}

impl fmt::Display for FuncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl FuncError {
    /// A template error raised by a nested execution (`include`): same text, kept as cause.
    pub fn from_template(err: crate::Error) -> Self {
        FuncError {
            message: err.to_string(),
            cause: Some(Rc::new(err)),
        }
    }

    /// `fmt.Errorf("<prefix>: %w", err)`.
    pub fn wrapping(prefix: impl Into<String>, err: crate::Error) -> Self {
        FuncError {
            message: format!("{}: {err}", prefix.into()),
            cause: Some(Rc::new(err)),
        }
    }
}

impl std::error::Error for FuncError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref()
    }
}

impl From<String> for FuncError {
    fn from(s: String) -> Self {
        FuncError::new(s)
    }
}

impl From<&str> for FuncError {
    fn from(s: &str) -> Self {
        FuncError::new(s)
    }
}

pub type FuncResult = Result<Value, FuncError>;

/// The body of a function: receives arguments already converted to the declared types.
pub type FuncImpl = Rc<dyn Fn(&[Value]) -> FuncResult>;

/// The body of a function that needs the executor (helm's `include` and `tpl`).
pub type ContextualImpl = Rc<dyn Fn(&mut crate::exec::Context<'_>, &[Value]) -> FuncResult>;

/// The body of a [`Builtin`]: a plain function, so registering a table allocates no closure.
pub type BuiltinImpl = fn(&[Value]) -> FuncResult;

/// Any kind of function body.
#[derive(Clone)]
pub enum FuncBody {
    Plain(FuncImpl),
    Builtin(BuiltinImpl),
    Contextual(ContextualImpl),
}

/// A registered function with its Go signature.
#[derive(Clone)]
pub struct Func {
    pub params: Vec<Ty>,
    /// The element type of a trailing `...T` parameter, if variadic.
    pub variadic: Option<Ty>,
    pub body: FuncBody,
}

impl Func {
    pub fn new(params: &[Ty], imp: impl Fn(&[Value]) -> FuncResult + 'static) -> Func {
        Func {
            params: params.to_vec(),
            variadic: None,
            body: FuncBody::Plain(Rc::new(imp)),
        }
    }

    /// A function that can execute templates of the running set (see [`crate::exec::Context`]).
    pub fn contextual(
        params: &[Ty],
        variadic: Option<Ty>,
        imp: impl Fn(&mut crate::exec::Context<'_>, &[Value]) -> FuncResult + 'static,
    ) -> Func {
        Func {
            params: params.to_vec(),
            variadic,
            body: FuncBody::Contextual(Rc::new(imp)),
        }
    }

    pub fn variadic(
        params: &[Ty],
        rest: Ty,
        imp: impl Fn(&[Value]) -> FuncResult + 'static,
    ) -> Func {
        Func {
            params: params.to_vec(),
            variadic: Some(rest),
            body: FuncBody::Plain(Rc::new(imp)),
        }
    }
}

impl fmt::Debug for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Func({:?}, variadic {:?})", self.params, self.variadic)
    }
}

/// A row of a static function table: the template name, the Go signature and the body.
#[derive(Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    pub params: &'static [Ty],
    /// The element type of a trailing `...T` parameter, if variadic.
    pub variadic: Option<Ty>,
    pub body: BuiltinImpl,
}

impl Builtin {
    pub const fn new(name: &'static str, params: &'static [Ty], body: BuiltinImpl) -> Builtin {
        Builtin {
            name,
            params,
            variadic: None,
            body,
        }
    }

    pub const fn variadic(
        name: &'static str,
        params: &'static [Ty],
        rest: Ty,
        body: BuiltinImpl,
    ) -> Builtin {
        Builtin {
            name,
            params,
            variadic: Some(rest),
            body,
        }
    }
}

/// The function map of a template set (Go's `template.FuncMap`).
#[derive(Clone, Debug, Default)]
pub struct FuncMap {
    funcs: HashMap<String, Func>,
}

impl FuncMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, name: &str, f: Func) {
        self.funcs.insert(name.to_string(), f);
    }

    /// Adds a table of builtins; like [`FuncMap::insert`], a name already present is replaced.
    pub fn register(&mut self, table: &[Builtin]) {
        self.funcs.reserve(table.len());
        for b in table {
            let f = Func {
                params: b.params.to_vec(),
                variadic: b.variadic,
                body: FuncBody::Builtin(b.body),
            };
            self.insert(b.name, f);
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.funcs.remove(name);
    }

    pub fn get(&self, name: &str) -> Option<&Func> {
        self.funcs.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.funcs.keys().map(String::as_str)
    }
}
