//! yaml.v3's `Node`: a document as kyaml edits it, with styles, tags, anchors and comments.

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Sequence,
    Mapping,
    Scalar,
    Alias,
}

impl Kind {
    /// yaml.v3's name of the kind (`MappingNode`), as kyaml's messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "DocumentNode",
            Kind::Sequence => "SequenceNode",
            Kind::Mapping => "MappingNode",
            Kind::Scalar => "ScalarNode",
            Kind::Alias => "AliasNode",
        }
    }
}

/// yaml.v3's style flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style(u8);

impl Style {
    pub const TAGGED: Style = Style(1);
    pub const DOUBLE_QUOTED: Style = Style(2);
    pub const SINGLE_QUOTED: Style = Style(4);
    pub const LITERAL: Style = Style(8);
    pub const FOLDED: Style = Style(16);
    pub const FLOW: Style = Style(32);

    pub fn has(self, flag: Style) -> bool {
        self.0 & flag.0 != 0
    }

    /// Quoted or a block scalar: a string whatever its text says.
    pub fn is_quoted(self) -> bool {
        [
            Style::SINGLE_QUOTED,
            Style::DOUBLE_QUOTED,
            Style::LITERAL,
            Style::FOLDED,
        ]
        .iter()
        .any(|&s| self.has(s))
    }

    pub fn with(self, flag: Style) -> Style {
        Style(self.0 | flag.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A node; an alias's `value` is its anchor's name. Comments keep their `#`.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub style: Style,
    pub tag: String,
    pub value: String,
    pub anchor: String,
    pub content: Vec<Node>,
    pub head_comment: String,
    pub line_comment: String,
    pub foot_comment: String,
    /// The line it starts on (from 1) in the text it was read from, 0 when made by kyaml.
    pub line: usize,
}

impl Node {
    pub fn new(kind: Kind) -> Node {
        Node {
            kind,
            style: Style::default(),
            tag: String::new(),
            value: String::new(),
            anchor: String::new(),
            content: Vec::new(),
            head_comment: String::new(),
            line_comment: String::new(),
            foot_comment: String::new(),
            line: 0,
        }
    }

    /// A scalar without a tag, as kyaml creates keys.
    pub fn scalar(value: &str) -> Node {
        Node {
            value: value.to_string(),
            ..Node::new(Kind::Scalar)
        }
    }

    /// The content of a document, or the node itself (kyaml's `YNode`).
    pub fn ynode(&self) -> &Node {
        match (self.kind, self.content.first()) {
            (Kind::Document, Some(content)) => content,
            _ => self,
        }
    }

    pub fn ynode_mut(&mut self) -> &mut Node {
        if self.kind == Kind::Document && !self.content.is_empty() {
            return &mut self.content[0];
        }
        self
    }

    /// The index of the value of the first `key` in a mapping.
    pub fn field_index(&self, key: &str) -> Option<usize> {
        if self.kind != Kind::Mapping {
            return None;
        }
        self.content
            .chunks_exact(2)
            .position(|pair| pair[0].value == key)
            .map(|i| 2 * i + 1)
    }

    /// The value of the first `key` in a mapping.
    pub fn field(&self, key: &str) -> Option<&Node> {
        self.field_index(key).map(|i| &self.content[i])
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.field_index(key).map(|i| &mut self.content[i])
    }
}
