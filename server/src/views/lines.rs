//! Cutting a body that arrives in chunks into lines, with a maximum line length.

/// A decoder of lines: chunks go in as they arrive ([`LineDecoder::feed`]),
/// lines come out numbered from 1, without their `\n` ([`LineDecoder::next_line`],
/// and [`LineDecoder::last_line`] once the body has ended). A line longer than
/// the maximum is refused as soon as that many bytes of it are in, so the
/// decoder never holds more than one line and one chunk, and a line is
/// searched for its end once, however many chunks it takes.
#[derive(Debug)]
pub struct LineDecoder {
    max_length: usize,
    buffer: Vec<u8>,
    /// Where the line being cut starts in `buffer`.
    start: usize,
    /// How far past `start` the buffer was searched for a `\n`.
    searched: usize,
    /// Lines cut so far.
    lines: u64,
}

/// A line of the body.
#[derive(Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// Its number, from 1.
    pub number: u64,
    /// Its bytes, without the `\n`.
    pub bytes: &'a [u8],
}

/// A line longer than the maximum.
#[derive(Debug, PartialEq, Eq)]
pub struct LineTooLong {
    /// Its number, from 1.
    pub number: u64,
}

impl LineDecoder {
    /// A decoder of lines of at most `max_length` bytes.
    pub fn new(max_length: usize) -> LineDecoder {
        LineDecoder {
            max_length,
            buffer: Vec::new(),
            start: 0,
            searched: 0,
            lines: 0,
        }
    }

    /// Adds the next chunk of the body, dropping the lines already cut.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.buffer.drain(..self.start);
        self.start = 0;
        let needed = self.buffer.len() + chunk.len();
        if needed > self.buffer.capacity() {
            // Doubling, as a `Vec` grows, but never past a line and a chunk:
            // a longer line is refused.
            let capacity = (2 * self.buffer.capacity())
                .min(self.max_length + chunk.len())
                .max(needed);
            self.buffer.reserve_exact(capacity - self.buffer.len());
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// The next whole line, `None` until its `\n` is in; an error once more
    /// than the maximum of a line is in, with or without its end.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>, LineTooLong> {
        let pending = &self.buffer[self.start..];
        match pending[self.searched..].iter().position(|b| *b == b'\n') {
            Some(at) => {
                let length = self.searched + at;
                self.searched = 0;
                let start = self.start;
                self.start += length + 1;
                self.cut(start, length)
            }
            None if pending.len() > self.max_length => Err(LineTooLong {
                number: self.lines + 1,
            }),
            None => {
                self.searched = pending.len();
                Ok(None)
            }
        }
    }

    /// Once the body has ended: the next line, the last one also without a `\n`.
    pub fn last_line(&mut self) -> Result<Option<Line<'_>>, LineTooLong> {
        if self.buffer[self.start..].contains(&b'\n') {
            return self.next_line();
        }
        let (start, length) = (self.start, self.buffer.len() - self.start);
        if length == 0 {
            return Ok(None);
        }
        self.start = self.buffer.len();
        self.searched = 0;
        self.cut(start, length)
    }

    fn cut(&mut self, start: usize, length: usize) -> Result<Option<Line<'_>>, LineTooLong> {
        self.lines += 1;
        if length > self.max_length {
            return Err(LineTooLong { number: self.lines });
        }
        Ok(Some(Line {
            number: self.lines,
            bytes: &self.buffer[start..start + length],
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `chunks` as `(number, text)`, or the error that ended them.
    fn lines_of(chunks: &[&str], max_length: usize) -> (Vec<(u64, String)>, Option<LineTooLong>) {
        let mut decoder = LineDecoder::new(max_length);
        let mut lines = Vec::new();
        for at_end in chunks.iter().map(Some).chain([None]) {
            if let Some(chunk) = at_end {
                decoder.feed(chunk.as_bytes());
            }
            loop {
                let line = match at_end {
                    Some(_) => decoder.next_line(),
                    None => decoder.last_line(),
                };
                match line {
                    Ok(Some(line)) => lines.push((
                        line.number,
                        String::from_utf8_lossy(line.bytes).into_owned(),
                    )),
                    Ok(None) => break,
                    Err(error) => return (lines, Some(error)),
                }
            }
        }
        (lines, None)
    }

    fn numbered(lines: &[(u64, &str)]) -> Vec<(u64, String)> {
        lines
            .iter()
            .map(|(n, text)| (*n, (*text).to_owned()))
            .collect()
    }

    #[test]
    fn lines_come_whole_however_the_body_is_cut() {
        let expected = numbered(&[(1, "ab"), (2, ""), (3, "c\r"), (4, "def")]);
        let body = "ab\n\nc\r\ndef";
        for cut in 1..=body.len() {
            let chunks: Vec<&str> = (0..body.len())
                .step_by(cut)
                .map(|at| &body[at..(at + cut).min(body.len())])
                .collect();
            assert_eq!(lines_of(&chunks, 3), (expected.clone(), None), "cut {cut}");
        }
        assert_eq!(lines_of(&["ab\n"], 3), (numbered(&[(1, "ab")]), None));
        assert_eq!(lines_of(&[], 3), (Vec::new(), None));
        assert_eq!(lines_of(&["", "\n"], 3), (numbered(&[(1, "")]), None));
    }

    #[test]
    fn a_line_at_the_maximum_passes_and_one_byte_more_is_refused_naming_it() {
        assert_eq!(
            lines_of(&["abc\nde", "f\n"], 3),
            (numbered(&[(1, "abc"), (2, "def")]), None)
        );
        let too_long = Some(LineTooLong { number: 2 });
        assert_eq!(
            lines_of(&["abc\nabcd\nx\n"], 3),
            (numbered(&[(1, "abc")]), too_long)
        );
        assert_eq!(
            lines_of(&["abc\nab", "cd"], 3),
            (numbered(&[(1, "abc")]), Some(LineTooLong { number: 2 }))
        );
        assert_eq!(
            lines_of(&["abcd"], 3),
            (Vec::new(), Some(LineTooLong { number: 1 }))
        );
    }

    #[test]
    fn an_endless_line_is_refused_before_its_end_holding_at_most_a_line_and_a_chunk() {
        let mut decoder = LineDecoder::new(1000);
        let chunk = [b'x'; 100];
        for _ in 0..10 {
            decoder.feed(&chunk);
            assert_eq!(decoder.next_line(), Ok(None));
        }
        decoder.feed(&chunk);
        assert_eq!(decoder.next_line(), Err(LineTooLong { number: 1 }));
        assert!(decoder.buffer.capacity() <= 1100);
    }

    #[test]
    fn a_long_line_in_many_chunks_is_searched_once() {
        let mut decoder = LineDecoder::new(1 << 20);
        for _ in 0..1000 {
            decoder.feed(&[b'x'; 1000]);
            assert_eq!(decoder.next_line(), Ok(None));
            assert_eq!(decoder.searched, decoder.buffer.len() - decoder.start);
        }
        decoder.feed(b"\nnext");
        let line = decoder.next_line().expect("fits").expect("a line");
        assert_eq!((line.number, line.bytes.len()), (1, 1_000_000));
        assert_eq!(decoder.next_line(), Ok(None));
        assert_eq!(
            decoder.last_line().expect("fits").map(|line| line.bytes),
            Some(&b"next"[..])
        );
    }
}
