//! The dynamic value every template sees, shaped after what Go's reflection distinguishes.
//!
//! Clones are cheap: strings, lists and bytes are reference-counted and immutable; maps are
//! reference-counted and *shared mutable* because Helm's templates mutate `.Values` in place
//! (`set`, `unset`, `merge`) and every holder of the map must see it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// Go's `map[string]interface{}` content; `BTreeMap` keeps keys in the byte order Go prints them.
pub type Map = BTreeMap<String, Value>;

/// A shared, mutable map (Go maps are reference types).
pub type MapRef = Rc<MapCell>;

/// A Go map: its entries, and its named type if it has one (helm's `common.Values`), which
/// shows in `%T`/`typeOf` and brings methods. Derefs to the entries.
#[derive(Default)]
pub struct MapCell {
    entries: RefCell<Map>,
    named: Option<&'static dyn MapType>,
    /// A nil Go map (`fromJson "null"`, a missing map argument): it reads as empty, prints
    /// `map[]`, serialises as `null`, and assigning into it fails.
    nil: bool,
    /// Set for Go's conversion of a map to a named map type (`common.Values(m)`): the same
    /// entries seen under another type, so reads and writes go to this map's.
    view_of: Option<MapRef>,
}

impl MapCell {
    pub fn new(entries: Map) -> Self {
        MapCell {
            entries: RefCell::new(entries),
            named: None,
            nil: false,
            view_of: None,
        }
    }

    /// The named type, if any.
    pub fn named(&self) -> Option<&'static dyn MapType> {
        self.named
    }

    /// Whether this is a nil map.
    pub fn is_nil(&self) -> bool {
        self.view_of.as_ref().map_or(self.nil, |of| of.is_nil())
    }

    /// Whether Go would accept the map where `map[string]interface {}` is expected.
    pub fn is_interface_map(&self) -> bool {
        self.named.is_none_or(|t| t.is_interface_map())
    }

    /// Go's `m[k] = v`: fails on a nil map as Go panics.
    pub fn insert(&self, k: String, v: Value) -> Result<(), &'static str> {
        if self.is_nil() {
            return Err("assignment to entry in nil map");
        }
        self.borrow_mut().insert(k, v);
        Ok(())
    }
}

impl std::ops::Deref for MapCell {
    type Target = RefCell<Map>;

    fn deref(&self) -> &RefCell<Map> {
        match &self.view_of {
            Some(of) => of,
            None => &self.entries,
        }
    }
}

impl fmt::Debug for MapCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        std::ops::Deref::deref(self).fmt(f)
    }
}

/// A named Go map type (`type Values map[string]interface{}`) and its methods, which take
/// precedence over keys of the same name, as in Go.
pub trait MapType: Sync {
    fn name(&self) -> &'static str;
    /// Whether the underlying type is `map[string]interface{}` (so the map may be passed
    /// where one is expected).
    fn is_interface_map(&self) -> bool {
        true
    }
    /// What indexing a missing key gives: the element type's zero value.
    fn zero_element(&self) -> Value {
        Value::Nil
    }
    /// The parameter types of method `name`; `None` if there is no such method.
    fn method_params(&self, name: &str) -> Option<&'static [crate::func::Ty]>;
    /// Calls method `name` on `map`.
    fn call_method(&self, map: &MapRef, name: &str, args: &[Value]) -> Result<Value, String>;
}

/// The Go element type of a slice: it shows in `%T`, `typeOf` and a few type checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceType {
    /// `[]interface {}`
    Any,
    /// `[]string`
    String,
    /// `[]int`
    Int,
    /// `[]int64`
    Int64,
    /// `[]float64`
    Float64,
    /// `[][]interface {}` (Sprig's `chunk`)
    Lists,
    /// A slice of a host type, by its full Go name (`[]*chart.Maintainer`).
    Named(&'static str),
}

impl SliceType {
    pub fn go_name(self) -> &'static str {
        match self {
            SliceType::Any => "[]interface {}",
            SliceType::String => "[]string",
            SliceType::Int => "[]int",
            SliceType::Int64 => "[]int64",
            SliceType::Float64 => "[]float64",
            SliceType::Lists => "[][]interface {}",
            SliceType::Named(name) => name,
        }
    }
}

/// An immutable Go slice.
#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub elem: SliceType,
    pub items: Vec<Value>,
    /// A nil slice (Sprig's `rest` of an empty list, `concat` of nothing): it reads as
    /// empty but serialises as `null`.
    pub nil: bool,
}

/// A Go value as seen by a template.
#[derive(Clone, Default)]
pub enum Value {
    /// Untyped nil / a nil interface.
    #[default]
    Nil,
    Bool(bool),
    /// Go `int` (template integer constants, `len`, `until`).
    Int(i64),
    /// Go `int64` (`--set` integers, most Sprig integer results).
    Int64(i64),
    /// Go `uint64` (rare: large JSON numbers, some Sprig results).
    Uint64(u64),
    /// Go `float64` (every number read from YAML or JSON).
    Float(f64),
    /// Go `complex128` (template constants such as `2i`).
    Complex(f64, f64),
    String(Rc<str>),
    /// Go `[]byte`.
    Bytes(Rc<[u8]>),
    List(Rc<List>),
    Map(MapRef),
    /// A Go object with fields and methods (`.Files`, `.Capabilities`, ...).
    Object(Rc<dyn Object>),
}

/// A host object exposing Go-style fields and methods to templates.
pub trait Object: fmt::Debug {
    /// The Go type name, for `%T`, `typeOf` and error messages (e.g. `chart.Files`).
    fn type_name(&self) -> &str;
    /// Go's reflect kind (`kindOf`, Sprig's errors): a pointer type's is `ptr`, a struct's
    /// `struct`; named maps and slices say so.
    fn go_kind(&self) -> &'static str {
        if self.type_name().starts_with('*') {
            "ptr"
        } else {
            "struct"
        }
    }
    /// A field or a method callable without arguments; `None` if there is no such name.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls the method `name` with arguments; `None` if there is no such method.
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }
    /// Whether `name` is a struct field rather than a method without arguments (Go refuses
    /// arguments to each with its own message).
    fn is_struct_field(&self, name: &str) -> bool {
        let _ = name;
        false
    }
    /// The parameter types of method `name` if it takes arguments (so `.Obj.Name arg` is a
    /// call whose arguments the executor checks as Go does).
    fn method_params(&self, name: &str) -> Option<&'static [crate::func::Ty]> {
        let _ = name;
        None
    }
    /// Go's `%v` rendering of the object when a template action prints it (its `String`
    /// method applies).
    fn format_v(&self) -> String;
    /// Go's `%v` rendering when the object is passed to a function (a copy: methods with
    /// pointer receivers no longer apply, so structs print their fields).
    fn format_arg(&self) -> String {
        self.format_v()
    }
    /// [`Object::format_arg`] written onto `out`: an object that prints megabytes (`.Files`
    /// inside a whole context) writes them once, where they end up.
    fn write_arg(&self, out: &mut String) {
        out.push_str(&self.format_arg());
    }
    /// Go's `%#v` rendering (a pointer-typed object's, when it is not inside a container).
    fn go_syntax(&self) -> String {
        self.format_v()
    }
    /// Go truthiness (`if`, `with`, `and`): structs are always true, map-like objects only
    /// when not empty.
    fn truthy(&self) -> bool {
        true
    }
    /// Whether Go's `==` accepts the object's type (`eq`): false for map-typed objects such as
    /// helm's `.Files` (`non-comparable type map[]: engine.files`).
    fn comparable(&self) -> bool {
        true
    }
    /// The error encoding/json gives for this value, when it cannot encode it (a type it does
    /// not support, a `MarshalJSON` that fails).
    fn json_error(&self) -> Option<String> {
        None
    }
    /// The value this object stands for when serialised (`toJson`, `toYaml`), if any.
    fn to_plain(&self) -> Option<Value> {
        None
    }
    /// A Go struct's exported fields, Go's names and values in declaration order: go-yaml v3
    /// writes them so under lower-cased names (`toYamlPretty`), encoding/json under these names
    /// unless the type's tags say otherwise ([`Object::json_fields`]).
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        None
    }
    /// A Go struct's fields as go-yaml v3 writes them (`toYamlPretty`): by default every exported
    /// field under its lower-cased name; a type with `yaml` tags says otherwise.
    fn yaml_fields(&self) -> Option<Vec<(String, Value)>> {
        self.exported_fields().map(|fields| {
            fields
                .into_iter()
                .map(|(name, v)| (name.to_lowercase(), v))
                .collect()
        })
    }
    /// A Go struct's JSON fields in declaration order, which `toJson` keeps (`toYaml` sorts
    /// them, as `to_plain`'s map does); `None` when the JSON is `to_plain`'s.
    fn json_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        self.exported_fields()
    }
    /// A pointer with no `String` method (`*common.Capabilities`): inside a container Go prints
    /// its address, and a verb it refuses shows the struct behind `&`.
    fn prints_as_address(&self) -> bool {
        false
    }
    /// The address such a pointer prints: Go's is random, so a fixed stand-in; 0 for nil.
    fn address(&self) -> u64 {
        crate::fmt::POINTER_STAND_IN
    }
    /// Whether `printf`'s string verbs (`%x`, `%X`, `%q`) apply the Go `String` method to the
    /// object passed as an argument (its `format_arg`).
    fn has_string_method(&self) -> bool {
        false
    }
    /// A Go struct's field values in declaration order, each formatted with the verb when
    /// `printf` meets a verb the struct has no method for (`%q` of a KubeVersion); unexported
    /// ones included, so only a struct that has some overrides the default.
    fn struct_fields(&self) -> Option<Vec<Value>> {
        self.exported_fields()
            .map(|fields| fields.into_iter().map(|(_, v)| v).collect())
    }
    /// A Go struct's fields by name, for `%+v`, which names them (`{Name:x IsRoot:true}`);
    /// `None` keeps `%+v` as `%v` for objects that do not say.
    fn named_struct_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        None
    }
    /// The object itself, for functions that take one concrete type (`dateModify` a `time.Time`).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// An unexported pointer field of a struct (a `time.Time`'s `*time.Location`), which `printf`
/// prints as its address: `<nil>` under `%v` and 0 under the integer verbs when nil.
#[derive(Debug)]
pub struct Pointer {
    pub type_name: &'static str,
    pub address: u64,
}

impl Object for Pointer {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn format_v(&self) -> String {
        match self.address {
            0 => "<nil>".into(),
            a => format!("{a:#x}"),
        }
    }
    fn truthy(&self) -> bool {
        self.address != 0
    }
    fn prints_as_address(&self) -> bool {
        true
    }
    fn address(&self) -> u64 {
        self.address
    }
}

/// Go's `map[string]string` (Sprig's `split`, `splitn`): entries are strings.
pub struct StringMap;

/// The one instance every `map[string]string` refers to.
pub static STRING_MAP: StringMap = StringMap;

impl MapType for StringMap {
    fn name(&self) -> &'static str {
        "map[string]string"
    }

    fn is_interface_map(&self) -> bool {
        false
    }

    fn zero_element(&self) -> Value {
        Value::str("")
    }

    fn method_params(&self, _name: &str) -> Option<&'static [crate::func::Ty]> {
        None
    }

    fn call_method(&self, _map: &MapRef, name: &str, _args: &[Value]) -> Result<Value, String> {
        Err(format!("no method {name}"))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(Rc::from(s))
    }

    pub fn string(s: String) -> Value {
        Value::String(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::typed_list(SliceType::Any, items)
    }

    pub fn typed_list(elem: SliceType, items: Vec<Value>) -> Value {
        Value::List(Rc::new(List {
            elem,
            items,
            nil: false,
        }))
    }

    /// A nil slice of element type `elem`.
    pub fn nil_list(elem: SliceType) -> Value {
        Value::List(Rc::new(List {
            elem,
            items: Vec::new(),
            nil: true,
        }))
    }

    /// A list built from `items`, or Go's nil slice when there are none: what Go code that
    /// only appends to a `var out []T` returns.
    pub fn appended_list(elem: SliceType, items: Vec<Value>) -> Value {
        if items.is_empty() {
            Value::nil_list(elem)
        } else {
            Value::typed_list(elem, items)
        }
    }

    pub fn map(m: Map) -> Value {
        Value::Map(Rc::new(MapCell::new(m)))
    }

    /// A map of a named Go map type.
    pub fn named_map(m: Map, named: &'static dyn MapType) -> Value {
        Value::Map(Rc::new(MapCell {
            named: Some(named),
            ..MapCell::new(m)
        }))
    }

    /// Go's conversion `Named(m)`: the same map under a named map type, sharing its entries
    /// (a change through either is seen through both).
    pub fn named_view(of: &MapRef, named: &'static dyn MapType) -> Value {
        Value::Map(Rc::new(MapCell {
            named: Some(named),
            view_of: Some(of.clone()),
            ..MapCell::default()
        }))
    }

    /// Go's conversion of a named map back to `map[string]interface {}` (as a call passes
    /// `.Values` to a function that takes that type): the same entries, unnamed.
    pub fn unnamed_view(of: &MapRef) -> Value {
        Value::Map(Rc::new(MapCell {
            view_of: Some(of.clone()),
            ..MapCell::default()
        }))
    }

    /// A nil map, of a named type or `map[string]interface {}`.
    pub fn nil_map(named: Option<&'static dyn MapType>) -> Value {
        Value::Map(Rc::new(MapCell {
            named,
            nil: true,
            ..MapCell::default()
        }))
    }

    pub fn empty_map() -> Value {
        Value::map(Map::new())
    }

    pub fn bytes(b: Vec<u8>) -> Value {
        Value::Bytes(Rc::from(b))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&MapRef> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&List> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// Go's `%T` name of the value (`<nil>` for nil).
    pub fn go_type(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Uint64(_) => "uint64".into(),
            Value::Float(_) => "float64".into(),
            Value::Complex(..) => "complex128".into(),
            Value::String(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => l.elem.go_name().into(),
            Value::Map(m) => match m.named {
                Some(t) => t.name().into(),
                None => "map[string]interface {}".into(),
            },
            Value::Object(o) => o.type_name().into(),
        }
    }

    /// Go's reflect kind name (`kindOf`): `invalid` for nil.
    pub fn go_kind(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint64(_) => "uint64",
            Value::Float(_) => "float64",
            Value::Complex(..) => "complex128",
            Value::String(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => o.go_kind(),
        }
    }

    /// Go template truthiness: false, zero numbers, empty strings and collections, nil are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Uint64(u) => *u != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(re, im) => *re != 0.0 || *im != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            Value::Object(o) => o.truthy(),
        }
    }

    /// A deep copy: maps become new maps (used by `deepCopy`, never on ordinary access),
    /// keeping their Go types. A map that contains itself (only templates build those) is
    /// shared rather than copied; [`Value::try_deep_copy`] reports it instead.
    pub fn deep_copy(&self) -> Value {
        self.try_deep_copy().unwrap_or_else(|| self.clone())
    }

    /// A deep copy, or `None` when the value contains itself (Go's copy never returns).
    pub fn try_deep_copy(&self) -> Option<Value> {
        let mut path = Vec::new();
        self.deep_copy_in(&mut path)
    }

    /// `path` holds the maps being copied, outermost first, to detect a cycle.
    fn deep_copy_in(&self, path: &mut Vec<*const MapCell>) -> Option<Value> {
        Some(match self {
            Value::Map(m) => {
                let at = Rc::as_ptr(m);
                if path.contains(&at) {
                    return None;
                }
                path.push(at);
                let entries = m
                    .borrow()
                    .iter()
                    .map(|(k, v)| Some((k.clone(), v.deep_copy_in(path)?)))
                    .collect::<Option<Map>>();
                path.pop();
                Value::Map(Rc::new(MapCell {
                    named: m.named,
                    nil: m.is_nil(),
                    ..MapCell::new(entries?)
                }))
            }
            Value::List(l) => Value::List(Rc::new(List {
                elem: l.elem,
                items: l
                    .items
                    .iter()
                    .map(|v| v.deep_copy_in(path))
                    .collect::<Option<_>>()?,
                nil: l.nil,
            })),
            other => other.clone(),
        })
    }

    /// Whether a map inside the value contains itself (templates can build such maps with
    /// `set` or `merge`; Go's recursive walkers never return on them).
    pub fn contains_itself(&self) -> bool {
        fn walk(v: &Value, path: &mut Vec<*const MapCell>) -> bool {
            match v {
                Value::Map(m) => {
                    let at = Rc::as_ptr(m);
                    if path.contains(&at) {
                        return true;
                    }
                    path.push(at);
                    let found = m.borrow().values().any(|x| walk(x, path));
                    path.pop();
                    found
                }
                Value::List(l) => l.items.iter().any(|x| walk(x, path)),
                _ => false,
            }
        }
        walk(self, &mut Vec::new())
    }

    /// True if both values are the same shared map (pointer identity).
    pub fn same_map(&self, other: &Value) -> bool {
        matches!((self, other), (Value::Map(a), Value::Map(b)) if Rc::ptr_eq(a, b))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::string(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

/// Structural equality (maps compared by content), for tests and `deepEqual`.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) | (Value::Int64(a), Value::Int64(b)) => a == b,
            (Value::Uint64(a), Value::Uint64(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => Rc::ptr_eq(a, b) || *a.borrow() == *b.borrow(),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            (Value::Complex(a, b), Value::Complex(c, d)) => a == c && b == d,
            _ => false,
        }
    }
}

/// A debugging view; Go's `%v` formatting lives in the `fmt` module.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Int64(i) => write!(f, "{i}i64"),
            Value::Uint64(u) => write!(f, "{u}u64"),
            Value::Float(x) => write!(f, "{x:?}f64"),
            Value::Complex(re, im) => write!(f, "({re:?}+{im:?}i)"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => write!(f, "bytes{b:?}"),
            Value::List(l) => f.debug_list().entries(&l.items).finish(),
            Value::Map(m) => f.debug_map().entries(m.borrow().iter()).finish(),
            Value::Object(o) => write!(f, "{}", o.type_name()),
        }
    }
}
