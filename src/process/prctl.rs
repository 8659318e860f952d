//! The option numbers of `prctl(2)` (`PR_*`, from
//! `include/uapi/linux/prctl.h`), for the raw [`prctl`](super::prctl).
//! The typed wrappers in this module cover the common options; the rest
//! take these numbers and arguments as `prctl(2)` describes them.
//!
//! Each option's arguments are the option's own: pointers where the man
//! page says so (hence the raw call is `unsafe`), integers otherwise.

/// `PR_SET_PDEATHSIG`: Set the parent-death signal (see
/// [`set_parent_death_signal`](super::set_parent_death_signal)).
pub const PR_SET_PDEATHSIG: u32 = 1;
/// `PR_GET_PDEATHSIG`: Read the parent-death signal into an `int *`.
pub const PR_GET_PDEATHSIG: u32 = 2;
/// `PR_GET_DUMPABLE`: Read the dumpable attribute.
pub const PR_GET_DUMPABLE: u32 = 3;
/// `PR_SET_DUMPABLE`: Set the dumpable attribute.
pub const PR_SET_DUMPABLE: u32 = 4;
/// `PR_GET_UNALIGN`: Read the unaligned-access control bits (some
/// architectures).
pub const PR_GET_UNALIGN: u32 = 5;
/// `PR_SET_UNALIGN`: Set the unaligned-access control bits (some
/// architectures).
pub const PR_SET_UNALIGN: u32 = 6;
/// `PR_GET_KEEPCAPS`: Read the keep-capabilities flag.
pub const PR_GET_KEEPCAPS: u32 = 7;
/// `PR_SET_KEEPCAPS`: Keep permitted capabilities across a change of uid from
/// 0.
pub const PR_SET_KEEPCAPS: u32 = 8;
/// `PR_GET_FPEMU`: Read the floating-point emulation control bits (ia64).
pub const PR_GET_FPEMU: u32 = 9;
/// `PR_SET_FPEMU`: Set the floating-point emulation control bits (ia64).
pub const PR_SET_FPEMU: u32 = 10;
/// `PR_GET_FPEXC`: Read the floating-point exception mode (powerpc).
pub const PR_GET_FPEXC: u32 = 11;
/// `PR_SET_FPEXC`: Set the floating-point exception mode (powerpc).
pub const PR_SET_FPEXC: u32 = 12;
/// `PR_GET_TIMING`: Read the process timing method.
pub const PR_GET_TIMING: u32 = 13;
/// `PR_SET_TIMING`: Set the process timing method.
pub const PR_SET_TIMING: u32 = 14;
/// `PR_SET_NAME`: Set the thread's name from a NUL-terminated string (see
/// [`set_name`](super::set_name)).
pub const PR_SET_NAME: u32 = 15;
/// `PR_GET_NAME`: Read the thread's name into a 16-byte buffer (see
/// [`get_name`](super::get_name)).
pub const PR_GET_NAME: u32 = 16;
/// `PR_GET_ENDIAN`: Read the endianness mode (powerpc).
pub const PR_GET_ENDIAN: u32 = 19;
/// `PR_SET_ENDIAN`: Set the endianness mode (powerpc).
pub const PR_SET_ENDIAN: u32 = 20;
/// `PR_GET_SECCOMP`: Read the seccomp mode.
pub const PR_GET_SECCOMP: u32 = 21;
/// `PR_SET_SECCOMP`: Set the seccomp mode (prefer `seccomp(2)`).
pub const PR_SET_SECCOMP: u32 = 22;
/// `PR_CAPBSET_READ`: Whether a capability is in the bounding set.
pub const PR_CAPBSET_READ: u32 = 23;
/// `PR_CAPBSET_DROP`: Drop a capability from the bounding set.
pub const PR_CAPBSET_DROP: u32 = 24;
/// `PR_GET_TSC`: Read whether `rdtsc` is allowed (x86).
pub const PR_GET_TSC: u32 = 25;
/// `PR_SET_TSC`: Allow `rdtsc` or make it fault (x86).
pub const PR_SET_TSC: u32 = 26;
/// `PR_GET_SECUREBITS`: Read the securebits flags.
pub const PR_GET_SECUREBITS: u32 = 27;
/// `PR_SET_SECUREBITS`: Set the securebits flags.
pub const PR_SET_SECUREBITS: u32 = 28;
/// `PR_SET_TIMERSLACK`: Set the thread's timer slack in nanoseconds.
pub const PR_SET_TIMERSLACK: u32 = 29;
/// `PR_GET_TIMERSLACK`: Read the thread's timer slack.
pub const PR_GET_TIMERSLACK: u32 = 30;
/// `PR_TASK_PERF_EVENTS_DISABLE`: Disable the perf counters attached to the
/// process.
pub const PR_TASK_PERF_EVENTS_DISABLE: u32 = 31;
/// `PR_TASK_PERF_EVENTS_ENABLE`: Enable the perf counters attached to the
/// process.
pub const PR_TASK_PERF_EVENTS_ENABLE: u32 = 32;
/// `PR_MCE_KILL`: Set the machine-check memory corruption kill policy.
pub const PR_MCE_KILL: u32 = 33;
/// `PR_MCE_KILL_GET`: Read the machine-check kill policy.
pub const PR_MCE_KILL_GET: u32 = 34;
/// `PR_SET_MM`: Change the kernel's memory-map descriptor fields
/// (checkpoint/restore; `CAP_SYS_RESOURCE`).
pub const PR_SET_MM: u32 = 35;
/// `PR_SET_CHILD_SUBREAPER`: Become the reaper of orphaned descendants.
pub const PR_SET_CHILD_SUBREAPER: u32 = 36;
/// `PR_GET_CHILD_SUBREAPER`: Read the child-subreaper flag into an `int *`.
pub const PR_GET_CHILD_SUBREAPER: u32 = 37;
/// `PR_SET_NO_NEW_PRIVS`: Set the no-new-privileges bit (see
/// [`set_no_new_privs`](super::set_no_new_privs)).
pub const PR_SET_NO_NEW_PRIVS: u32 = 38;
/// `PR_GET_NO_NEW_PRIVS`: Read the no-new-privileges bit.
pub const PR_GET_NO_NEW_PRIVS: u32 = 39;
/// `PR_GET_TID_ADDRESS`: Read the `clear_child_tid` address into a pointer
/// (checkpoint/restore).
pub const PR_GET_TID_ADDRESS: u32 = 40;
/// `PR_SET_THP_DISABLE`: Disable transparent huge pages for the process.
pub const PR_SET_THP_DISABLE: u32 = 41;
/// `PR_GET_THP_DISABLE`: Read the transparent-huge-page disable flag.
pub const PR_GET_THP_DISABLE: u32 = 42;
/// `PR_MPX_ENABLE_MANAGEMENT`: Obsolete (Intel MPX, removed in 5.4).
pub const PR_MPX_ENABLE_MANAGEMENT: u32 = 43;
/// `PR_MPX_DISABLE_MANAGEMENT`: Obsolete (Intel MPX, removed in 5.4).
pub const PR_MPX_DISABLE_MANAGEMENT: u32 = 44;
/// `PR_SET_FP_MODE`: Set the floating-point mode (mips).
pub const PR_SET_FP_MODE: u32 = 45;
/// `PR_GET_FP_MODE`: Read the floating-point mode (mips).
pub const PR_GET_FP_MODE: u32 = 46;
/// `PR_CAP_AMBIENT`: Read or change the ambient capability set (with
/// `PR_CAP_AMBIENT_*`).
pub const PR_CAP_AMBIENT: u32 = 47;
/// `PR_SVE_SET_VL`: Set the SVE vector length (aarch64).
pub const PR_SVE_SET_VL: u32 = 50;
/// `PR_SVE_GET_VL`: Read the SVE vector length (aarch64).
pub const PR_SVE_GET_VL: u32 = 51;
/// `PR_GET_SPECULATION_CTRL`: Read a speculation-misfeature mitigation state.
pub const PR_GET_SPECULATION_CTRL: u32 = 52;
/// `PR_SET_SPECULATION_CTRL`: Set a speculation-misfeature mitigation state.
pub const PR_SET_SPECULATION_CTRL: u32 = 53;
/// `PR_PAC_RESET_KEYS`: Reset pointer-authentication keys (aarch64).
pub const PR_PAC_RESET_KEYS: u32 = 54;
/// `PR_SET_TAGGED_ADDR_CTRL`: Set the tagged-address ABI control (aarch64,
/// riscv64).
pub const PR_SET_TAGGED_ADDR_CTRL: u32 = 55;
/// `PR_GET_TAGGED_ADDR_CTRL`: Read the tagged-address ABI control.
pub const PR_GET_TAGGED_ADDR_CTRL: u32 = 56;
/// `PR_SET_IO_FLUSHER`: Mark the process as an I/O flusher
/// (`CAP_SYS_RESOURCE`).
pub const PR_SET_IO_FLUSHER: u32 = 57;
/// `PR_GET_IO_FLUSHER`: Read the I/O-flusher flag.
pub const PR_GET_IO_FLUSHER: u32 = 58;
/// `PR_SET_SYSCALL_USER_DISPATCH`: Configure syscall user dispatch.
pub const PR_SET_SYSCALL_USER_DISPATCH: u32 = 59;
/// `PR_PAC_SET_ENABLED_KEYS`: Enable or disable pointer-authentication keys
/// (aarch64).
pub const PR_PAC_SET_ENABLED_KEYS: u32 = 60;
/// `PR_PAC_GET_ENABLED_KEYS`: Read the enabled pointer-authentication keys
/// (aarch64).
pub const PR_PAC_GET_ENABLED_KEYS: u32 = 61;
/// `PR_SCHED_CORE`: Manage core-scheduling cookies.
pub const PR_SCHED_CORE: u32 = 62;
/// `PR_SME_SET_VL`: Set the SME vector length (aarch64).
pub const PR_SME_SET_VL: u32 = 63;
/// `PR_SME_GET_VL`: Read the SME vector length (aarch64).
pub const PR_SME_GET_VL: u32 = 64;
/// `PR_SET_MDWE`: Set memory-deny-write-execute protection (Linux 6.3).
pub const PR_SET_MDWE: u32 = 65;
/// `PR_GET_MDWE`: Read memory-deny-write-execute protection.
pub const PR_GET_MDWE: u32 = 66;
/// `PR_SET_MEMORY_MERGE`: Enable KSM merging for the whole process (Linux 6.4).
pub const PR_SET_MEMORY_MERGE: u32 = 67;
/// `PR_GET_MEMORY_MERGE`: Read the process-wide KSM merging flag.
pub const PR_GET_MEMORY_MERGE: u32 = 68;
/// `PR_RISCV_V_SET_CONTROL`: Set the vector extension state control (riscv64,
/// Linux 6.5).
pub const PR_RISCV_V_SET_CONTROL: u32 = 69;
/// `PR_RISCV_V_GET_CONTROL`: Read the vector extension state control (riscv64).
pub const PR_RISCV_V_GET_CONTROL: u32 = 70;
/// `PR_RISCV_SET_ICACHE_FLUSH_CTX`: Let user `fence.i` stay valid across
/// migration to another hart (riscv64, Linux 6.10).
pub const PR_RISCV_SET_ICACHE_FLUSH_CTX: u32 = 71;
/// `PR_PPC_GET_DEXCR`: Read an aspect of the Dynamic Execution Control
/// Register (powerpc64, Linux 6.10).
pub const PR_PPC_GET_DEXCR: u32 = 72;
/// `PR_PPC_SET_DEXCR`: Set an aspect of the Dynamic Execution Control
/// Register (powerpc64).
pub const PR_PPC_SET_DEXCR: u32 = 73;
/// `PR_GET_SHADOW_STACK_STATUS`: Read the thread's shadow stack
/// configuration (aarch64 GCS and riscv64, Linux 6.13; x86 uses
/// `arch_prctl`).
pub const PR_GET_SHADOW_STACK_STATUS: u32 = 74;
/// `PR_SET_SHADOW_STACK_STATUS`: Enable or configure the thread's shadow
/// stack.
pub const PR_SET_SHADOW_STACK_STATUS: u32 = 75;
/// `PR_LOCK_SHADOW_STACK_STATUS`: Lock shadow stack configuration bits.
pub const PR_LOCK_SHADOW_STACK_STATUS: u32 = 76;
/// `PR_TIMER_CREATE_RESTORE_IDS`: Let `timer_create` take the timer id
/// from the caller, for checkpoint/restore (Linux 6.15; argument 0 off, 1
/// on, 2 reads the setting).
pub const PR_TIMER_CREATE_RESTORE_IDS: u32 = 77;
/// `PR_FUTEX_HASH`: Size the process-private futex hash (Linux 6.16).
pub const PR_FUTEX_HASH: u32 = 78;
/// `PR_SET_PTRACER`: Allow a process to ptrace this one under Yama
/// (`PR_SET_PTRACER_ANY`: any).
pub const PR_SET_PTRACER: u32 = 0x5961_6d61;
/// `PR_SET_VMA`: Set an attribute of a memory range (with
/// `PR_SET_VMA_ANON_NAME`).
pub const PR_SET_VMA: u32 = 0x5356_4d41;
/// `PR_GET_AUXV`: Copy the auxiliary vector into a buffer (Linux 6.4).
pub const PR_GET_AUXV: u32 = 0x4155_5856;

/// `PR_SET_PTRACER_ANY`: With [`PR_SET_PTRACER`]: any process may trace this
/// one (`-1`).
pub const PR_SET_PTRACER_ANY: usize = usize::MAX;
/// `PR_CAP_AMBIENT_IS_SET`: With [`PR_CAP_AMBIENT`]: whether a capability is in
/// the ambient set.
pub const PR_CAP_AMBIENT_IS_SET: usize = 1;
/// `PR_CAP_AMBIENT_RAISE`: With [`PR_CAP_AMBIENT`]: add a capability to the
/// ambient set.
pub const PR_CAP_AMBIENT_RAISE: usize = 2;
/// `PR_CAP_AMBIENT_LOWER`: With [`PR_CAP_AMBIENT`]: remove a capability from
/// the ambient set.
pub const PR_CAP_AMBIENT_LOWER: usize = 3;
/// `PR_CAP_AMBIENT_CLEAR_ALL`: With [`PR_CAP_AMBIENT`]: empty the ambient set.
pub const PR_CAP_AMBIENT_CLEAR_ALL: usize = 4;
/// `PR_SET_VMA_ANON_NAME`: With [`PR_SET_VMA`]: name an anonymous mapping
/// (shows in `/proc/pid/maps`).
pub const PR_SET_VMA_ANON_NAME: usize = 0;
