//! Conformance: is a policy at least as strict as the framework it names?
