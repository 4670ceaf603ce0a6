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
//! The same holds for a bulk update of priorities, which is spooled the same
//! way. Each entry is a [`Record`] of length-prefixed byte strings, the first
//! its position in the request: an item is its position, its `external_id`,
//! and its `data` and `metadata` as compact JSON text, which is what the
//! database stores.

use std::io::Cursor;
use std::path::PathBuf;

use tokio::fs::File;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader, BufWriter};

/// What a request's entry (an item of an import, say) writes into a [`Spool`].
pub trait Spoolable {
    /// Adds the entry, at `position` in the request, to `spool`.
    fn spool_into<'a>(
        &'a self,
        spool: &'a mut Spool,
        position: &'a str,
    ) -> impl Future<Output = std::io::Result<()>> + Send + 'a;
}

/// What a [`Spool`] keeps: a fixed number of byte strings, written in order
/// and read back into the record.
pub trait Record: Sized {
    /// How many byte strings one record has.
    const FIELDS: usize;
    /// The record from its byte strings (`FIELDS` of them, in order).
    fn from_fields(fields: Vec<String>) -> std::io::Result<Self>;
    /// How many bytes the record takes in a batch.
    fn size(&self) -> usize;
}

/// Bytes gathered before they are written to the spool file.
const FILE_CHUNK_BYTES: usize = 256 * 1024;

/// The entries of one import, as they were read and checked.
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

impl Record for SpooledItem {
    const FIELDS: usize = 4;

    fn from_fields(fields: Vec<String>) -> std::io::Result<Self> {
        let [position, external_id, data, metadata] = fields_of(fields)?;
        Ok(SpooledItem {
            position,
            external_id,
            data,
            metadata,
        })
    }

    fn size(&self) -> usize {
        self.position.len() + self.external_id.len() + self.data.len() + self.metadata.len()
    }
}

/// The `N` byte strings of a record, as an array.
pub fn fields_of<const N: usize>(fields: Vec<String>) -> std::io::Result<[String; N]> {
    fields
        .try_into()
        .map_err(|_| std::io::Error::other("a spooled record of another length"))
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

    /// Adds a record of the byte strings `fields`, as a [`Record`] of as many
    /// fields reads them back.
    pub async fn push_record(&mut self, fields: &[&str]) -> std::io::Result<()> {
        for field in fields {
            push_bytes(&mut self.memory, field.as_bytes());
        }
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

    /// The records, from the first, for writing.
    pub async fn read_back<R: Record>(self) -> std::io::Result<SpoolReader<R>> {
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
pub struct SpoolReader<R> {
    source: BufReader<Box<dyn AsyncRead + Send + Unpin>>,
    /// A record read that did not fit in the last batch.
    next: Option<R>,
}

impl<R> std::fmt::Debug for SpoolReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpoolReader").finish_non_exhaustive()
    }
}

impl<R: Record> SpoolReader<R> {
    /// The next records, up to `max_items` and about `budget` bytes (a record
    /// larger than the budget makes a batch of its own); empty at the end.
    pub async fn next_batch(&mut self, budget: usize, max_items: usize) -> std::io::Result<Vec<R>> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < max_items {
            let item = match self.next.take() {
                Some(item) => item,
                None => match self.read_record().await? {
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

    async fn read_record(&mut self) -> std::io::Result<Option<R>> {
        let Some(first) = self.read_string(true).await? else {
            return Ok(None);
        };
        let mut fields = Vec::with_capacity(R::FIELDS);
        fields.push(first);
        for _ in 1..R::FIELDS {
            fields.push(self.read_field().await?);
        }
        R::from_fields(fields).map(Some)
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

    async fn round_trip(budget: usize) -> Vec<Vec<SpooledItem>> {
        let mut spool = Spool::new(std::env::temp_dir(), budget);
        for i in 0..1000 {
            let data = format!(r#"{{"text":"{}"}}"#, "x".repeat(i % 50));
            let position = format!("line[{}]", i + 1);
            let external_id = format!("item-{i}");
            spool
                .push_record(&[&position, &external_id, &data, "{}"])
                .await
                .expect("spooled");
        }
        let mut reader = spool.read_back::<SpooledItem>().await.expect("read back");
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
