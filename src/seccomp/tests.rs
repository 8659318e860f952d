//! Unit tests of the compiler and interpreter.
