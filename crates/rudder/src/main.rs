fn main() {
    println!("rudder");
}
