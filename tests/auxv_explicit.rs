//! The explicit source: auxv handed over by the program (here through the
//! `envp` the kernel laid out, which glibc and musl keep in `environ` until
//! the environment is changed), checked against `/proc/self/auxv`.

use sysgate::auxv;

extern "C" {
    static environ: *const *const u8;
}

#[test]
fn explicit_init_from_envp_agrees_with_proc() {
    let mut buf = [0usize; 128];
    let proc: Vec<_> = auxv::read_proc(&mut buf).unwrap().iter().collect();
    // SAFETY: nothing in this test process has changed the environment, so
    // `environ` is still the kernel's envp with auxv after it.
    unsafe { auxv::init_from_envp(environ) }.unwrap();
    assert_eq!(auxv::source(), Some(auxv::Source::Explicit));
    for (k, v) in proc {
        if k < 64 {
            assert_eq!(auxv::get(k), Some(v), "key {k}");
        }
    }
    assert_eq!(auxv::get(63), None);
    assert_eq!(auxv::get(usize::MAX), None);
}
