fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    match mandate::syntax::parse_bytes(mandate::source::FileId(0), &bytes) {
        Ok((_, f)) => println!("{:#?}", f.decls.len()),
        Err(e) => println!("{:#?}", e),
    }
}
