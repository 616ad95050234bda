//! A TCP proxy on loopback that can lose answers to redeems: the request reaches the server
//! (and is carried out), the answer never reaches the app. This is what a dropped
//! connection or a crashed load balancer does to a client.

use std::io::{Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// The proxy; it runs until the test process ends.
pub struct LossyProxy {
    url: String,
    armed: Arc<AtomicBool>,
    swallowed: Arc<AtomicUsize>,
    /// When set: a xorshift generator's state, and `n` to lose each redeem's answer with a
    /// chance of one in `n`.
    random: Arc<Mutex<Option<(u64, u64)>>>,
}

impl LossyProxy {
    /// Forwards everything to `upstream` (an `http://host:port` URL).
    pub fn start(upstream: &str) -> std::io::Result<Self> {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let armed = Arc::new(AtomicBool::new(false));
        let swallowed = Arc::new(AtomicUsize::new(0));
        let random = Arc::new(Mutex::new(None));
        let loss = Loss {
            armed: armed.clone(),
            swallowed: swallowed.clone(),
            random: random.clone(),
        };
        thread::Builder::new()
            .name("lossy-proxy".into())
            .spawn(move || {
                for client in listener.incoming().flatten() {
                    let Ok(server) = TcpStream::connect(&upstream) else {
                        continue;
                    };
                    relay(client, server, &loss);
                }
            })?;
        Ok(Self {
            url,
            armed,
            swallowed,
            random,
        })
    }

    /// The proxy's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Loses the answer to the next `POST /v1/redemptions`.
    pub fn lose_next_redeem_answer(&self) {
        self.armed.store(true, Ordering::SeqCst);
    }

    /// From now on loses the answer to each `POST /v1/redemptions` with a chance of one in
    /// `one_in`, drawn from `seed` (not 0), so that a run can be repeated.
    pub fn lose_redeem_answers_at_random(&self, seed: u64, one_in: u64) {
        *self.random.lock().expect("the proxy's generator") = Some((seed.max(1), one_in.max(1)));
    }

    /// How many answers were lost so far.
    pub fn answers_lost(&self) -> usize {
        self.swallowed.load(Ordering::SeqCst)
    }
}

/// What decides which answers are lost, shared by every connection.
#[derive(Clone)]
struct Loss {
    armed: Arc<AtomicBool>,
    swallowed: Arc<AtomicUsize>,
    random: Arc<Mutex<Option<(u64, u64)>>>,
}

impl Loss {
    /// Whether to lose the answer to the redeem being sent now.
    fn lose_this_one(&self) -> bool {
        if self.armed.swap(false, Ordering::SeqCst) {
            return true;
        }
        let mut random = self.random.lock().expect("the proxy's generator");
        let Some((state, one_in)) = random.as_mut() else {
            return false;
        };
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state % *one_in == 0
    }
}

fn relay(client: TcpStream, server: TcpStream, loss: &Loss) {
    let swallow = Arc::new(AtomicBool::new(false));
    let (Ok(mut client_read), Ok(mut server_write)) = (client.try_clone(), server.try_clone())
    else {
        return;
    };
    let (loss, swallow_up) = (loss.clone(), swallow.clone());
    let _ = thread::Builder::new()
        .name("proxy-up".into())
        .spawn(move || {
            let mut buffer = [0_u8; 16 * 1024];
            while let Ok(n) = client_read.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let chunk = &buffer[..n];
                if chunk.windows(21).any(|w| w == b"POST /v1/redemptions ") && loss.lose_this_one()
                {
                    swallow_up.store(true, Ordering::SeqCst);
                    loss.swallowed.fetch_add(1, Ordering::SeqCst);
                }
                if server_write.write_all(chunk).is_err() {
                    break;
                }
            }
            let _ = server_write.shutdown(Shutdown::Write);
        });
    let (mut server_read, mut client_write) = (server, client);
    let _ = thread::Builder::new()
        .name("proxy-down".into())
        .spawn(move || {
            let mut buffer = [0_u8; 16 * 1024];
            while let Ok(n) = server_read.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if swallow.load(Ordering::SeqCst) {
                    continue;
                }
                if client_write.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
            let _ = client_write.shutdown(Shutdown::Write);
        });
}
