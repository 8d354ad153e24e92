//! Placeholder replaced as the core grows.
fn main() {
    println!("{}", aryz::Language::Kk);
}
