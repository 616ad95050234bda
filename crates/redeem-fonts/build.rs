//! Cuts egui's default fonts down to the characters in `src/coverage.rs` and writes them
//! to `OUT_DIR`, where the library includes them. The fonts come from the same
//! `epaint_default_fonts` crate that eframe's `default_fonts` feature bundles whole, so
//! nothing of them is kept in this repository and the build needs no tool but cargo.

#[path = "build/subset.rs"]
mod subset;

include!("src/coverage.rs");

/// Modified versions of the Ubuntu fonts must carry the original name with "derivative"
/// and the new work's name appended (Ubuntu Font Licence 1.0, 2c); Hack's licences ask
/// only that the notices stay, and they do (the `name` table keeps them).
const RENAME: &str = " derivative Redeem";

fn main() -> Result<(), subset::Error> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/subset.rs");
    println!("cargo::rerun-if-changed=src/coverage.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);
    for (file, original, chars) in [
        (
            "ubuntu-light.ttf",
            epaint_default_fonts::UBUNTU_LIGHT,
            PROPORTIONAL_CHARS,
        ),
        (
            "hack.ttf",
            epaint_default_fonts::HACK_REGULAR,
            MONOSPACE_CHARS,
        ),
    ] {
        std::fs::write(out.join(file), subset::subset(original, chars, RENAME)?)?;
    }
    Ok(())
}
