//! The `labelwell` binary; everything lives in the library.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    labelwell_server::cli::run().await
}
