//! How this crate declares its flag types.
//!
//! [`bitflags!`] here is a thin front for the `bitflags` crate's
//! `impl` form: the type gets the whole `bitflags` API (`contains`, `|`,
//! `from_bits`, `iter_names`, the [`bitflags::Flags`] trait, …) and a
//! `Debug` that prints as `bitflags` does (`OFlags(CREAT | EXCL | 0x8000)`),
//! and the number formats (`{:#x}` …), but not the internal wrapper type
//! and text parser of the crate's full form, which are monomorphized for
//! every flag type and made up half of this crate's build time
//! (`bitflags::parser` still parses these types, through the trait).

/// Declares a flag type: `pub struct Name: Bits { const FLAG = value; … }`,
/// as in `bitflags::bitflags!`. The type derives `Clone, Copy, PartialEq, Eq,
/// Hash` and is `#[repr(transparent)]` over `Bits`; further attributes (docs, `#[derive(Default)]`) pass through.
macro_rules! bitflags {
    (
        $(#[$outer:meta])*
        pub struct $Name:ident: $T:ident {
            $(
                $(#[$inner:ident $($args:tt)*])*
                const $Flag:tt = $value:expr;
            )*
        }
    ) => {
        $(#[$outer])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(transparent)]
        pub struct $Name($T);

        $crate::raw::arg::flag_arg!($Name: $T);

        bitflags::bitflags! {
            impl $Name: $T {
                $(
                    $(#[$inner $($args)*])*
                    const $Flag = $value;
                )*
            }
        }

        /// As `bitflags` prints: `Name(A | B | 0x8)`, the named flags and
        /// then the bits no name covers; `Name(0x0)` when empty.
        impl core::fmt::Debug for $Name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($Name), "("))?;
                let mut names = self.iter_names();
                let mut sep = "";
                for (name, _) in &mut names {
                    f.write_str(sep)?;
                    f.write_str(name)?;
                    sep = " | ";
                }
                let rest = names.remaining().bits();
                if rest != 0 || sep.is_empty() {
                    write!(f, "{sep}{rest:#x}")?;
                }
                f.write_str(")")
            }
        }
    };
}
pub(crate) use bitflags;

#[cfg(test)]
mod tests {
    extern crate std;
    use std::format;

    bitflags! {
        /// Ours.
        pub struct Ours: i32 {
            /// Two bits at once, listed first so it is printed first.
            const AB = 0b11;
            /// A.
            const A = 0b01;
            /// B.
            const B = 0b10;
            /// C.
            const C = 0b1000;
            const _ = !0;
        }
    }

    ::bitflags::bitflags! {
        /// The `bitflags` crate's full form, the oracle.
        #[derive(Debug)]
        pub struct Theirs: i32 {
            const AB = 0b11;
            const A = 0b01;
            const B = 0b10;
            const C = 0b1000;
            const _ = !0;
        }
    }

    #[test]
    fn debug_matches_bitflags() {
        for bits in [0, 1, 2, 3, 8, 9, 11, 4, 12, 0x7000_0000, -1, i32::MIN] {
            let ours = format!("{:?}", Ours::from_bits_retain(bits));
            let theirs = format!("{:?}", Theirs::from_bits_retain(bits));
            assert_eq!(ours, theirs.replace("Theirs", "Ours"), "{bits:#x}");
        }
        assert_eq!(format!("{:?}", Ours::A | Ours::C), "Ours(A | C)");
        assert_eq!(format!("{:?}", Ours::from_bits_retain(0x14)), "Ours(0x14)");
        let both = Ours::A | Ours::C;
        assert_eq!(
            ::bitflags::parser::from_str::<Ours>("A | C").ok(),
            Some(both)
        );
        let theirs = Theirs::A | Theirs::C;
        assert_eq!(
            format!("{both:#x} {both:X} {both:o} {both:b}"),
            format!("{theirs:#x} {theirs:X} {theirs:o} {theirs:b}")
        );
    }
}
