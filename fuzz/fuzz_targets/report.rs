//! The report writers, with any file name and any text read from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &str)| {
    let (name, text) = input;
    let written = dossier::fuzzing::write_report(name, text);
    let bundle = written.report.bundle.as_str();
    // The JSON reads back, naming the file as the report does.
    let read: serde_json::Value =
        serde_json::from_str(&written.json).expect("the JSON report parses");
    assert_eq!(read["bundle"].as_str(), Some(bundle));
    // A name is one line and no markup, however it was spelled.
    assert!(!bundle.contains(['\n', '\r']));
    let title = written.markdown.lines().next().expect("a title");
    assert!(!title.contains(['<', '>']), "{title}");
    let heading = written.html.lines().find(|line| line.starts_with("<h1>"));
    let heading = heading.expect("a heading");
    assert_eq!(heading.matches('<').count(), 2, "{heading}");
});
