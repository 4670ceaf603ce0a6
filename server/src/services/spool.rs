//! Where an import keeps the items it has read and checked until it writes
//! them: in memory up to the batch budget, beyond it in an unnamed temporary
//! file (gone when the import ends, even if the process dies).
//!
//! Why spool at all: an import is one transaction, all of it or none, and a
//! transaction that is open while the body arrives holds SQLite's write lock
//! (and a pooled connection on either backend) for as long as the client
//! cares to take: a client sending a byte every ten seconds would stall every
//! other tenant's writes. Writing batches in separate transactions would give
//! up all-or-nothing, and staging rows in the database would write every item
//! twice. So the body is read and checked first, with no connection held (a
//! bad line at the end still writes nothing), and the transaction begins only
//! once the last byte is in: it then lasts as long as the database takes to
//! write, not as long as the client takes to send. This is what a reverse
//! proxy's request buffering does, kept to the bytes of checked items.
//!
//! Each item is a record of four length-prefixed byte strings: its position
//! in the request, its `external_id`, and its `data` and `metadata` as
//! compact JSON text, which is what the database stores.

use std::io::Cursor;
use std::path::PathBuf;

use tokio::fs::File;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader, BufWriter};

use super::items::ImportedItem;

/// Bytes gathered before they are written to the spool file.
const FILE_CHUNK_BYTES: usize = 256 * 1024;

/// The items of one import, as they were read and checked.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    budget: usize,
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
}

/// An item read back from a [`Spool`].
#[derive(Debug)]
pub struct SpooledItem {
    /// Where it stood in the request (`line[4]`, `items[3]`), for error paths.
    pub position: String,
    /// The caller's key.
    pub external_id: String,
    /// Its data, compact JSON text.
    pub data: String,
    /// Its metadata, compact JSON text (`{}` when it had none).
    pub metadata: String,
}

impl SpooledItem {
    /// How many bytes the item takes in a batch.
    fn size(&self) -> usize {
        self.position.len() + self.external_id.len() + self.data.len() + self.metadata.len()
    }
}

impl Spool {
    /// An empty spool that keeps up to `budget` bytes in memory, then moves to
    /// a temporary file in `dir`.
    pub fn new(dir: PathBuf, budget: usize) -> Spool {
        Spool {
            dir,
            budget,
            memory: Vec::new(),
            file: None,
        }
    }

    /// The bytes it keeps in memory, and of a batch read back.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Adds an item.
    pub async fn push(&mut self, position: &str, item: &ImportedItem) -> std::io::Result<()> {
        push_bytes(&mut self.memory, position.as_bytes());
        push_bytes(&mut self.memory, item.external_id.as_bytes());
        push_bytes(&mut self.memory, item.data.as_str().as_bytes());
        let metadata = item
            .metadata
            .as_ref()
            .map_or("{}", |metadata| metadata.as_str());
        push_bytes(&mut self.memory, metadata.as_bytes());
        let threshold = match self.file {
            Some(_) => FILE_CHUNK_BYTES,
            None => self.budget,
        };
        if self.memory.len() > threshold {
            let file = match &mut self.file {
                Some(file) => file,
                None => {
                    let dir = self.dir.clone();
                    let file = tokio::task::spawn_blocking(move || tempfile::tempfile_in(dir))
                        .await
                        .map_err(std::io::Error::other)??;
                    self.file.insert(BufWriter::with_capacity(
                        FILE_CHUNK_BYTES,
                        File::from_std(file),
                    ))
                }
            };
            file.write_all(&self.memory).await?;
            self.memory.clear();
        }
        Ok(())
    }

    /// The items, from the first, for writing.
    pub async fn read_back(self) -> std::io::Result<SpoolReader> {
        let source: Box<dyn AsyncRead + Send + Unpin> = match self.file {
            None => Box::new(Cursor::new(self.memory)),
            Some(mut file) => {
                file.write_all(&self.memory).await?;
                file.flush().await?;
                let mut file = file.into_inner();
                file.rewind().await?;
                Box::new(file)
            }
        };
        Ok(SpoolReader {
            source: BufReader::with_capacity(FILE_CHUNK_BYTES, source),
            next: None,
        })
    }
}

/// Reads a [`Spool`] back in batches.
pub struct SpoolReader {
    source: BufReader<Box<dyn AsyncRead + Send + Unpin>>,
    /// An item read that did not fit in the last batch.
    next: Option<SpooledItem>,
}

impl std::fmt::Debug for SpoolReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpoolReader").finish_non_exhaustive()
    }
}

impl SpoolReader {
    /// The next items, up to `max_items` and about `budget` bytes (an item
    /// larger than the budget makes a batch of its own); empty at the end.
    pub async fn next_batch(
        &mut self,
        budget: usize,
        max_items: usize,
    ) -> std::io::Result<Vec<SpooledItem>> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < max_items {
            let item = match self.next.take() {
                Some(item) => item,
                None => match self.read_item().await? {
                    Some(item) => item,
                    None => break,
                },
            };
            if !batch.is_empty() && bytes + item.size() > budget {
                self.next = Some(item);
                break;
            }
            bytes += item.size();
            batch.push(item);
        }
        Ok(batch)
    }

    async fn read_item(&mut self) -> std::io::Result<Option<SpooledItem>> {
        let Some(position) = self.read_string(true).await? else {
            return Ok(None);
        };
        let external_id = self.read_field().await?;
        let data = self.read_field().await?;
        let metadata = self.read_field().await?;
        Ok(Some(SpooledItem {
            position,
            external_id,
            data,
            metadata,
        }))
    }

    /// The next byte string of a record begun.
    async fn read_field(&mut self) -> std::io::Result<String> {
        self.read_string(false)
            .await?
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))
    }

    /// The next byte string; `None` at the end when `may_end`.
    async fn read_string(&mut self, may_end: bool) -> std::io::Result<Option<String>> {
        let mut length = [0; 4];
        match self.source.read_exact(&mut length).await {
            Ok(_) => {}
            Err(error) if may_end && error.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Ok(None);
            }
            Err(error) => return Err(error),
        }
        let mut bytes = vec![0; u32::from_le_bytes(length) as usize];
        self.source.read_exact(&mut bytes).await?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(std::io::Error::other)
    }
}

/// Appends a byte string, its length first.
fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&length_of(bytes.len()).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// A length as stored: lines are far shorter than 4 GiB (see the import's
/// line limit), and the body limit bounds JSON requests.
fn length_of(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(i: usize) -> ImportedItem {
        serde_json::from_value(serde_json::json!({
            "external_id": format!("item-{i}"),
            "data": { "text": "x".repeat(i % 50) },
        }))
        .expect("an item")
    }

    async fn round_trip(budget: usize) -> Vec<Vec<SpooledItem>> {
        let mut spool = Spool::new(std::env::temp_dir(), budget);
        for i in 0..1000 {
            spool
                .push(&format!("line[{}]", i + 1), &item(i))
                .await
                .expect("spooled");
        }
        let mut reader = spool.read_back().await.expect("read back");
        let mut batches = Vec::new();
        loop {
            let batch = reader.next_batch(4096, 100).await.expect("a batch");
            if batch.is_empty() {
                return batches;
            }
            batches.push(batch);
        }
    }

    #[tokio::test]
    async fn items_come_back_in_order_in_batches_within_the_budget_from_memory_or_a_file() {
        for budget in [1 << 20, 1000] {
            let batches = round_trip(budget).await;
            let items: Vec<&SpooledItem> = batches.iter().flatten().collect();
            assert_eq!(items.len(), 1000);
            assert_eq!(items[7].position, "line[8]");
            assert_eq!(items[7].external_id, "item-7");
            assert_eq!(items[7].data, r#"{"text":"xxxxxxx"}"#);
            assert_eq!(items[7].metadata, "{}");
            for batch in &batches {
                assert!(batch.len() <= 100);
                assert!(batch.iter().map(SpooledItem::size).sum::<usize>() <= 4096);
            }
        }
    }
}
