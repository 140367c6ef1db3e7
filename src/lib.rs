//! Chronoscope: a native timeline visualizer. Data flows one way:
//! file → [`io`] → [`model`] → [`layout`] → [`paint`] → window ([`ui`]) or PNG (`export`).

pub mod cli;
pub mod export;
pub mod generate;
pub mod io;
pub mod layout;
pub mod model;
pub mod paint;
pub mod slide;
pub mod theme;
pub mod ui;
pub mod view;
