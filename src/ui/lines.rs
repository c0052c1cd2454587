//! Standard input read as lines when it is not a terminal (never on a terminal: the reader
//! thread reads ahead, and would take the session's keys), by one reader thread that every
//! reader shares: the questions (through [`reader`], a `BufRead`) and the session loop,
//! which waits for the line that ends an untimed step without blocking ([`next_line`]), so
//! it still acts on a signal within its usual time. One reader, in order, so no line is read
//! twice or lost between the questions before a session and those after it.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// What waiting for a line found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A line, with its end of line.
    Text(String),
    /// The end of input (or input that cannot be read, said once).
    End,
    /// Nothing yet.
    NotYet,
}

/// The reader thread's lines, started on first use.
fn lines() -> &'static Mutex<Receiver<io::Result<String>>> {
    static LINES: OnceLock<Mutex<Receiver<io::Result<String>>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let (send, receive) = mpsc::sync_channel(1);
        // Without the thread every wait below ends at once as the end of input.
        let _ = std::thread::Builder::new()
            .name("stdin-lines".to_string())
            .spawn(move || {
                let stdin = io::stdin();
                loop {
                    let mut line = String::new();
                    let read = stdin.lock().read_line(&mut line);
                    let end = !matches!(read, Ok(n) if n > 0);
                    if send.send(read.map(|_| line)).is_err() || end {
                        return;
                    }
                }
            });
        Mutex::new(receive)
    })
}

/// Waits up to `timeout` for the next line of standard input.
pub fn next_line(timeout: Duration) -> Line {
    let lines = lines().lock().unwrap_or_else(PoisonError::into_inner);
    match lines.recv_timeout(timeout) {
        Ok(Ok(line)) if !line.is_empty() => Line::Text(line),
        Ok(_) | Err(RecvTimeoutError::Disconnected) => Line::End,
        Err(RecvTimeoutError::Timeout) => Line::NotYet,
    }
}

/// Standard input as a `BufRead` over the shared lines, for questions answered one line each.
pub fn reader() -> SharedLines {
    SharedLines {
        buffer: Vec::new(),
        at: 0,
    }
}

/// See [`reader`].
#[derive(Debug)]
pub struct SharedLines {
    buffer: Vec<u8>,
    at: usize,
}

impl Read for SharedLines {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for SharedLines {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at >= self.buffer.len() {
            let lines = lines().lock().unwrap_or_else(PoisonError::into_inner);
            let next = match lines.recv() {
                Ok(line) => line?,
                Err(_) => String::new(),
            };
            self.buffer = next.into_bytes();
            self.at = 0;
        }
        Ok(&self.buffer[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at = (self.at + amount).min(self.buffer.len());
    }
}
