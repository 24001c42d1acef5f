//! One shared copy of each identifier and string constant in a render's templates.
//!
//! Field names, variables, function names and quoted strings repeat across a chart's
//! templates (`.Values`, `"context"`, `"common.names.fullname"` thousands of times in an
//! umbrella of bitnami charts); each kept once, they were a fifth of such a render's peak
//! memory.

use std::rc::Rc;

/// A name or string constant of a parse tree.
pub type Name = Rc<str>;

/// The names seen so far, shared by the parses of one template set.
#[derive(Debug, Default)]
pub struct Names(foldhash::HashSet<Name>);

impl Names {
    /// The shared copy of `text`.
    pub fn get(&mut self, text: &str) -> Name {
        if let Some(name) = self.0.get(text) {
            return name.clone();
        }
        let name: Name = Rc::from(text);
        self.0.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy() {
        let mut names = Names::default();
        let a = names.get("Values");
        let b = names.get(&String::from("Values"));
        assert!(Rc::ptr_eq(&a, &b));
        assert!(!Rc::ptr_eq(&a, &names.get("Chart")));
    }
}
