//! Compiles in every purpose of stay `src/rules/purposes/` holds, so that a
//! purpose is added by writing its data file alone.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("src/rules/purposes");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("src/rules/purposes is readable")
        .map(|entry| entry.expect("a listing").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            println!("cargo::rerun-if-changed={}", path.display());
            let stem = path.file_stem().expect("a file name").to_string_lossy();
            stem.into_owned()
        })
        .collect();
    names.sort();
    let mut code = String::from(
        "/// Every purpose's name and data file, by name.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/rules/purposes/{name}.toml\"))),"
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("purposes.rs"), code).expect("OUT_DIR is writable");
}
