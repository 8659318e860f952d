//! Syscall user dispatch against the real kernel: a SIGSYS handler reads a
//! trapped call and emulates it. Each test runs in a forked child (dispatch
//! is per thread, and a stray trap would kill the test process), which
//! reports through its exit code (0: as expected; n: check n failed).

mod common;

use common::{skip, under_qemu};
use core::ffi::c_void;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::SeqCst};
use sysgate::dispatch::{self, Region, Selector, TrappedSyscall};
use sysgate::process::getppid;
use sysgate::signal::{sigaction, SaFlags, SigAction, SigHandler, SigInfo, SigSet, Signal};
use sysgate::{syscall, Errno, Sysno};

static SELECTOR: Selector = Selector::new();
const MAGIC: usize = 0x5eed;

static TRAPS: AtomicUsize = AtomicUsize::new(0);
static CODE: AtomicI32 = AtomicI32::new(0);
static SI_SYSCALL: AtomicI32 = AtomicI32::new(0);
static NR: AtomicUsize = AtomicUsize::new(0);
static ARGS: [AtomicUsize; 6] = [const { AtomicUsize::new(0) }; 6];
static PC: AtomicUsize = AtomicUsize::new(0);

/// Emulates `getppid` as returning [`MAGIC`] and fails every other call
/// with ENOSYS; records what it saw; lets its own return through.
extern "C" fn on_sigsys(_: Signal, info: &SigInfo, uc: *mut c_void) {
    TRAPS.fetch_add(1, SeqCst);
    CODE.store(info.code().0, SeqCst);
    SI_SYSCALL.store(info.syscall(), SeqCst);
    // SAFETY: `uc` is this handler's context, used only here.
    if let Some(mut call) = unsafe { TrappedSyscall::from_ucontext(uc) } {
        NR.store(call.nr(), SeqCst);
        for (slot, a) in ARGS.iter().zip(call.args()) {
            slot.store(a, SeqCst);
        }
        PC.store(call.pc(), SeqCst);
        if call.nr() == Sysno::getppid as usize {
            // SAFETY: any positive number is a pid getppid may return.
            unsafe { call.set_return(MAGIC) };
        } else {
            // SAFETY: an error is a result any call may return.
            unsafe { call.set_result(Err(Errno::ENOSYS)) };
        }
    }
    SELECTOR.allow();
}

/// Runs `f` in a forked child with [`on_sigsys`] installed; its exit code.
fn in_child(f: impl FnOnce() -> i32) -> i32 {
    common::child_exit_code(|| {
        let act = SigAction::new(
            SigHandler::SigInfo(on_sigsys),
            SaFlags::empty(),
            SigSet::EMPTY,
        );
        // SAFETY: the handler touches its context and atomics only.
        if unsafe { sigaction(Signal::SYS, Some(&act)) }.is_err() {
            return 100;
        }
        f()
    })
}

/// Whether this kernel (or emulator) has dispatch; prints what it does if not.
fn have_dispatch(what: &str) -> bool {
    let r = in_child(|| {
        // SAFETY: nothing blocks while dispatch is on, so nothing traps.
        match unsafe { dispatch::enable(Region::Exempt(0..0), Some(&SELECTOR)) } {
            Ok(()) => dispatch::disable().map_or(2, |()| 0),
            Err(e) => e.raw(),
        }
    });
    if r != 0 {
        let seen = Errno::from_raw(r).map_or(format!("exit {r}"), |e| format!("{e:?}"));
        skip(
            what,
            &format!("PR_SET_SYSCALL_USER_DISPATCH on gave {seen}"),
        );
    }
    r == 0
}

/// The bytes of the system call instruction just before `pc`.
fn call_insn_before(pc: usize) -> bool {
    // SAFETY: `pc` is just past an executed instruction in mapped code.
    unsafe {
        #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
        {
            let insn = *((pc - 2) as *const [u8; 2]);
            // `syscall` on x86_64; `int $0x80` on i386, which is also what
            // precedes the landing pad `sysenter` returns to in the vDSO.
            insn == if cfg!(target_arch = "x86_64") {
                [0x0f, 0x05]
            } else {
                [0xcd, 0x80]
            }
        }
        #[cfg(target_arch = "aarch64")]
        {
            *((pc - 4) as *const u32) == 0xd400_0001 // svc #0
        }
        #[cfg(target_arch = "riscv64")]
        {
            *((pc - 4) as *const u32) == 0x0000_0073 // ecall
        }
        #[cfg(target_arch = "arm")]
        {
            *((pc - 4) as *const u32) == 0xef00_0000 // svc #0 (Arm mode)
        }
        #[cfg(target_arch = "powerpc64")]
        {
            *((pc - 4) as *const u32) == 0x4400_0002 // sc
        }
        #[cfg(target_arch = "s390x")]
        {
            *((pc - 2) as *const u16) == 0x0a00 // svc 0
        }
        #[cfg(target_arch = "loongarch64")]
        {
            *((pc - 4) as *const u32) == 0x002b_0000 // syscall 0
        }
    }
}

/// A call from outside the exempt region with the selector on block traps;
/// the handler sees number, arguments and call site, and its result is what
/// the call returns. Allowed again, or with dispatch off, calls run.
#[test]
fn intercept_and_emulate() {
    if !have_dispatch("intercept_and_emulate") {
        return;
    }
    let real_ppid = sysgate::process::getpid().as_raw() as usize;
    let code = in_child(|| {
        // An empty exempt range (anywhere: sysgate passes 0..0) exempts nothing.
        // SAFETY: SELECTOR is static; the handler answers every trapped call
        // with a result it could have had (a pid, or ENOSYS) and allows.
        if unsafe { dispatch::enable(Region::Exempt(4096..4096), Some(&SELECTOR)) }.is_err() {
            return 1;
        }
        SELECTOR.block();
        // getppid ignores arguments: they are only there to be seen.
        // SAFETY: getppid takes nothing and is emulated.
        let r = unsafe { syscall!(Sysno::getppid, 11, 22, 33, 44, 55, 66) };
        SELECTOR.allow();
        if r != Ok(MAGIC) {
            return 2;
        }
        if TRAPS.load(SeqCst) != 1 || NR.load(SeqCst) != Sysno::getppid as usize {
            return 3;
        }
        if ARGS
            .iter()
            .map(|a| a.load(SeqCst))
            .ne([11, 22, 33, 44, 55, 66])
        {
            return 4;
        }
        if CODE.load(SeqCst) != dispatch::SYS_USER_DISPATCH.0
            || SI_SYSCALL.load(SeqCst) as usize != Sysno::getppid as usize
        {
            return 5;
        }
        if !call_insn_before(PC.load(SeqCst)) {
            return 6;
        }
        // Another call gets the handler's error.
        SELECTOR.block();
        // SAFETY: getpid takes nothing; the emulation says ENOSYS.
        let r = unsafe { syscall!(Sysno::getpid) };
        SELECTOR.allow();
        if r != Err(Errno::ENOSYS) || TRAPS.load(SeqCst) != 2 {
            return 7;
        }
        // Allowed: the real call.
        if getppid().map(|p| p.as_raw() as usize) != Some(real_ppid) || TRAPS.load(SeqCst) != 2 {
            return 8;
        }
        // Off: blocking no longer matters.
        if dispatch::disable().is_err() {
            return 9;
        }
        SELECTOR.block();
        let p = getppid();
        SELECTOR.allow();
        if p.map(|p| p.as_raw() as usize) != Some(real_ppid) || TRAPS.load(SeqCst) != 2 {
            return 10;
        }
        0
    });
    assert_eq!(code, 0);
}

/// An exempt region holding the call site (here: all memory but page 0)
/// lets the call run however the selector stands.
#[test]
fn exempt_region() {
    if !have_dispatch("exempt_region") {
        return;
    }
    let real_ppid = sysgate::process::getpid().as_raw() as usize;
    let code = in_child(|| {
        // SAFETY: SELECTOR is static; the handler answers every trapped call.
        if unsafe { dispatch::enable(Region::Exempt(4096..usize::MAX), Some(&SELECTOR)) }.is_err() {
            return 1;
        }
        SELECTOR.block();
        let p = getppid();
        SELECTOR.allow();
        let c = if p.map(|p| p.as_raw() as usize) != Some(real_ppid) || TRAPS.load(SeqCst) != 0 {
            2
        } else {
            0
        };
        c + dispatch::disable().map_or(3, |()| 0)
    });
    assert_eq!(code, 0);
}

/// `Region::Only` (Linux 6.17): calls from inside the range follow the
/// selector, calls from outside run.
#[test]
fn only_region() {
    if !have_dispatch("only_region") {
        return;
    }
    let code = in_child(|| {
        // An empty inclusive range is refused.
        // SAFETY: refused before anything is armed.
        let r = unsafe { dispatch::enable(Region::Only(4096..4096), Some(&SELECTOR)) };
        if r != Err(Errno::EINVAL) {
            return 1;
        }
        // Page 1 holds no code: every call is outside and runs.
        // SAFETY: SELECTOR is static; the handler answers every trapped call.
        match unsafe { dispatch::enable(Region::Only(4096..8192), Some(&SELECTOR)) } {
            Ok(()) => {}
            Err(Errno::EINVAL) => return 50, // before 6.17
            Err(_) => return 2,
        }
        SELECTOR.block();
        let p = getppid();
        SELECTOR.allow();
        if p.map(|p| p.as_raw() as usize) == Some(MAGIC) || TRAPS.load(SeqCst) != 0 {
            return 3;
        }
        // Everything but page 0: the call site is inside and traps.
        // SAFETY: as above.
        if unsafe { dispatch::enable(Region::Only(4096..usize::MAX), Some(&SELECTOR)) }.is_err() {
            return 4;
        }
        SELECTOR.block();
        let p = getppid();
        SELECTOR.allow();
        if p.map(|p| p.as_raw() as usize) != Some(MAGIC) || TRAPS.load(SeqCst) != 1 {
            return 5;
        }
        dispatch::disable().map_or(6, |()| 0)
    });
    if code == 50 {
        skip(
            "only_region",
            "PR_SYS_DISPATCH_INCLUSIVE_ON gave EINVAL (kernel before 6.17)",
        );
        return;
    }
    assert_eq!(code, 0);
}

/// A range that ends before it starts is EINVAL; turning off twice is fine.
#[test]
fn errors() {
    // SAFETY: refused before the kernel is asked.
    let backwards = core::ops::Range { start: 10, end: 5 };
    let r = unsafe { dispatch::enable(Region::Exempt(backwards), Some(&SELECTOR)) };
    assert_eq!(r, Err(Errno::EINVAL));
    match dispatch::disable() {
        Ok(()) => dispatch::disable().unwrap(),
        Err(e) if under_qemu() => skip("dispatch::disable", &format!("{e:?}")),
        Err(e) => panic!("disable: {e:?}"),
    }
}

/// `TrappedSyscall` reads and writes the registers where libc's `ucontext_t`
/// has them (the kernel's layout): checked where the test has libc's
/// register names written out, also under qemu-user, which has no dispatch
/// to trap with.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64"
))]
#[test]
fn context_layout_matches_libc() {
    // SAFETY: ucontext_t is plain data; all zeros is a valid value.
    let mut uc: libc::ucontext_t = unsafe { std::mem::zeroed() };
    let (nr, args, pc) = (0x11, [0x21, 0x22, 0x23, 0x24, 0x25, 0x26], 0x31);
    let m = &mut uc.uc_mcontext;
    #[cfg(target_arch = "x86_64")]
    let ret = {
        use libc::*;
        let regs = [REG_RDI, REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9];
        for (r, a) in regs.into_iter().zip(args) {
            m.gregs[r as usize] = a;
        }
        m.gregs[REG_RAX as usize] = nr;
        m.gregs[REG_RIP as usize] = pc;
        |uc: &libc::ucontext_t| uc.uc_mcontext.gregs[REG_RAX as usize] as usize
    };
    #[cfg(target_arch = "x86")]
    let ret = {
        use libc::*;
        let regs = [REG_EBX, REG_ECX, REG_EDX, REG_ESI, REG_EDI, REG_EBP];
        for (r, a) in regs.into_iter().zip(args) {
            m.gregs[r as usize] = a;
        }
        m.gregs[REG_EAX as usize] = nr;
        m.gregs[REG_EIP as usize] = pc;
        |uc: &libc::ucontext_t| uc.uc_mcontext.gregs[libc::REG_EAX as usize] as usize
    };
    #[cfg(target_arch = "aarch64")]
    let ret = {
        m.regs[..6].copy_from_slice(&args);
        m.regs[8] = nr;
        m.pc = pc;
        |uc: &libc::ucontext_t| uc.uc_mcontext.regs[0] as usize
    };
    #[cfg(target_arch = "riscv64")]
    let ret = {
        m.__gregs[10..16].copy_from_slice(&args); // a0..a5
        m.__gregs[17] = nr; // a7
        m.__gregs[0] = pc;
        |uc: &libc::ucontext_t| uc.uc_mcontext.__gregs[10] as usize
    };
    let p = (&mut uc as *mut libc::ucontext_t).cast::<c_void>();
    // SAFETY: a valid ucontext_t, used by nothing else meanwhile.
    let mut call = unsafe { TrappedSyscall::from_ucontext(p) }.unwrap();
    assert_eq!(call.nr(), nr as usize);
    assert_eq!(call.args(), args.map(|a| a as usize));
    assert_eq!(call.pc(), pc as usize);
    // SAFETY: nothing resumes from this context.
    unsafe { call.set_result(Err(Errno::EPERM)) };
    assert_eq!(ret(&uc), 1usize.wrapping_neg());
    // SAFETY: as above.
    unsafe { TrappedSyscall::from_ucontext(p).unwrap().set_return(7) };
    assert_eq!(ret(&uc), 7);
    // SAFETY: null is refused.
    assert!(unsafe { TrappedSyscall::from_ucontext(std::ptr::null_mut()) }.is_none());
}

/// Says which architectures' offsets no libc oracle checks yet.
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64"
)))]
#[test]
fn context_layout_matches_libc() {
    skip(
        "ucontext layout against libc",
        "no libc register oracle written for this architecture; its UC_* offsets come from the kernel's sigcontext",
    );
}
