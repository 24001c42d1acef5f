//! What one run of `dependency update|build` carries from step to step: the options, where
//! output goes, one HTTP getter per repository (shared by the refresh and every download from
//! it) and the indexes read so far.

use std::collections::BTreeMap;

use rudder_report::Reporter;

use super::indexes::Indexes;
use super::{Options, Out};
use crate::http::Getter;
use crate::repo_file::Entry;

pub struct Session<'a> {
    pub opts: &'a Options,
    pub out: Out<'a>,
    pub reporter: &'a dyn Reporter,
    pub indexes: Indexes,
    getters: BTreeMap<String, Getter>,
}

impl<'a> Session<'a> {
    pub fn new(opts: &'a Options, out: Out<'a>, reporter: &'a dyn Reporter) -> Session<'a> {
        Session {
            opts,
            out,
            reporter,
            indexes: Indexes::default(),
            getters: BTreeMap::new(),
        }
    }

    /// Makes sure `entry` has its getter (by repository name).
    pub fn prepare(&mut self, entry: &Entry) {
        if !self.getters.contains_key(&entry.name) {
            let getter = Getter::new(entry, self.opts.timeout);
            self.getters.insert(entry.name.clone(), getter);
        }
    }

    /// The getter of a repository [`Session::prepare`]d before.
    pub fn getter(&self, name: &str) -> Option<&Getter> {
        self.getters.get(name)
    }
}
