//! Demo data: an account with a realistic history and a few demo cards whose codes are
//! derived from the pepper (so they are the same at every start and never stored in clear).

use chrono::{DateTime, TimeDelta, Utc};
use redeem_core::{Currency, EntryKind, GiftCardCode, Money, Region, SecretText};

use super::Ledger;
use super::admin::{TradeInAction, move_trade_in};
use super::error::LedgerError;
use crate::storage::{
    AccountId, Appended, CardStatus, LedgerTx, NewCard, NewEntry, NewTradeIn, StorageError,
    WriteJob,
};

/// The demo account's e-mail.
pub const DEMO_EMAIL: &str = "demo@redeem.example";
/// The demo account's password: public by design, printed by `seed-demo`.
pub const DEMO_PASSWORD: &str = "redeem-demo";
/// The demo account's region.
pub const DEMO_REGION: Region = Region::Us;

/// `(n, value in minor units, region, disabled)` of the demo cards: four US cards to redeem,
/// one GB card (to show `region_mismatch`) and one disabled US card (`card_disabled`).
const DEMO_CARDS: [(u32, i64, Region, bool); 6] = [
    (1, 2_500, Region::Us, false),
    (2, 5_000, Region::Us, false),
    (3, 10_000, Region::Us, false),
    (4, 1_500, Region::Us, false),
    (5, 2_500, Region::Gb, false),
    (6, 1_000, Region::Us, true),
];

/// One demo card.
#[derive(Clone, Debug)]
pub struct DemoCard {
    /// Its code (a secret like any code, but a public one for demos).
    pub code: GiftCardCode,
    /// Its value.
    pub value: Money,
    /// Its region.
    pub region: Region,
    /// Disabled on purpose.
    pub disabled: bool,
    /// Redeemed already.
    pub redeemed: bool,
}

/// What `seed-demo` did and what there is.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    /// The account's e-mail.
    pub email: String,
    /// Its password.
    pub password: String,
    /// Its region.
    pub region: Region,
    /// True when this run created the account and its history.
    pub created: bool,
    /// The demo cards.
    pub cards: Vec<DemoCard>,
}

/// A step of the demo history, `days` ago.
enum Step {
    Redeem {
        days: i64,
        minor: i64,
    },
    Purchase {
        days: i64,
        minor: i64,
        order: &'static str,
        what: &'static str,
    },
    Refund {
        days: i64,
        minor: i64,
        order: &'static str,
        what: &'static str,
    },
    Adjustment {
        days: i64,
        minor: i64,
        what: &'static str,
    },
    TradeIn {
        days: [i64; 4],
        minor: i64,
        device: &'static str,
        credit: bool,
    },
}

/// Five months of a plausible account, oldest first; the balance never dips below zero.
const HISTORY: &[Step] = &[
    Step::Redeem {
        days: 148,
        minor: 5_000,
    },
    Step::Purchase {
        days: 140,
        minor: 999,
        order: "W1024-7731",
        what: "Music subscription, 1 month",
    },
    Step::TradeIn {
        days: [125, 119, 116, 112],
        minor: 18_000,
        device: "iPhone 12, 128 GB",
        credit: true,
    },
    Step::Purchase {
        days: 95,
        minor: 2_999,
        order: "W1031-0456",
        what: "Photo editing app",
    },
    Step::Redeem {
        days: 80,
        minor: 2_500,
    },
    Step::Purchase {
        days: 62,
        minor: 499,
        order: "W1040-2210",
        what: "Movie rental",
    },
    Step::Refund {
        days: 60,
        minor: 499,
        order: "W1040-2210",
        what: "Refund: movie rental did not play",
    },
    Step::Purchase {
        days: 45,
        minor: 5_999,
        order: "W1047-9902",
        what: "Wireless headphones",
    },
    Step::Adjustment {
        days: 30,
        minor: 500,
        what: "Goodwill credit from support",
    },
    Step::Redeem {
        days: 21,
        minor: 10_000,
    },
    Step::Purchase {
        days: 10,
        minor: 1_499,
        order: "W1055-3318",
        what: "Cloud storage, 1 year",
    },
    Step::TradeIn {
        days: [6, 4, 3, 0],
        minor: 21_000,
        device: "iPad Air (4th generation)",
        credit: false,
    },
];

struct SeedDemo {
    /// `None` when the account existed before the job was built.
    password_hash: Option<String>,
    /// HMACs and last 4 of the random (never shown) cards redeemed in the history.
    history_cards: Vec<([u8; 32], String)>,
    trade_in_ids: Vec<String>,
    demo_cards: Vec<([u8; 32], String, i64, Currency, Region, CardStatus)>,
    now: DateTime<Utc>,
}

impl WriteJob for SeedDemo {
    type Output = bool;

    async fn run<T: LedgerTx>(&self, tx: &mut T) -> Result<bool, StorageError> {
        let mut created = false;
        if let Some(hash) = &self.password_hash
            && tx.lock_account_by_email(DEMO_EMAIL).await?.is_none()
        {
            let start = self.now - TimeDelta::days(150);
            let account = tx
                .insert_account(DEMO_EMAIL, DEMO_REGION, hash, start)
                .await?;
            self.history(tx, account).await?;
            created = true;
        }
        for (hmac, last4, minor, currency, region, status) in &self.demo_cards {
            if tx.lock_card(hmac).await?.is_none() {
                tx.insert_card(&NewCard {
                    code_hmac: *hmac,
                    last4: last4.clone(),
                    amount_minor: *minor,
                    currency: *currency,
                    region: *region,
                    status: *status,
                    at: self.now,
                })
                .await?;
            }
        }
        Ok(created)
    }
}

impl SeedDemo {
    async fn history<T: LedgerTx>(
        &self,
        tx: &mut T,
        account: AccountId,
    ) -> Result<(), StorageError> {
        let currency = DEMO_REGION.currency();
        let at = |days: i64, hour: i64| self.now - TimeDelta::days(days) + TimeDelta::hours(hour);
        let mut cards = self.history_cards.iter();
        let mut trade_ins = self.trade_in_ids.iter();
        for step in HISTORY {
            let entry = |kind, minor: i64, when, source: String, description: String| NewEntry {
                account_id: account,
                kind,
                amount_minor: minor,
                currency,
                source,
                description,
                card_id: None,
                trade_in_id: None,
                payment_id: None,
                at: when,
            };
            match *step {
                Step::Redeem { days, minor } => {
                    let Some((hmac, last4)) = cards.next() else {
                        return Err(StorageError::Invariant("too few demo history cards"));
                    };
                    let when = at(days, -6);
                    let card = tx
                        .insert_card(&NewCard {
                            code_hmac: *hmac,
                            last4: last4.clone(),
                            amount_minor: minor,
                            currency,
                            region: DEMO_REGION,
                            status: CardStatus::Active,
                            at: when - TimeDelta::days(3),
                        })
                        .await?;
                    tx.mark_card_redeemed(card, account, when).await?;
                    let mut entry = entry(
                        EntryKind::GiftCardRedemption,
                        minor,
                        when,
                        format!("card ending {last4}"),
                        "Gift card redeemed".into(),
                    );
                    entry.card_id = Some(card);
                    append(tx, &entry).await?;
                }
                Step::Purchase {
                    days,
                    minor,
                    order,
                    what,
                } => {
                    append(
                        tx,
                        &entry(
                            EntryKind::Purchase,
                            -minor,
                            at(days, -3),
                            order.into(),
                            what.into(),
                        ),
                    )
                    .await?;
                }
                Step::Refund {
                    days,
                    minor,
                    order,
                    what,
                } => {
                    append(
                        tx,
                        &entry(
                            EntryKind::Refund,
                            minor,
                            at(days, -2),
                            order.into(),
                            what.into(),
                        ),
                    )
                    .await?;
                }
                Step::Adjustment { days, minor, what } => {
                    append(
                        tx,
                        &entry(
                            EntryKind::Adjustment,
                            minor,
                            at(days, -1),
                            "support".into(),
                            what.into(),
                        ),
                    )
                    .await?;
                }
                Step::TradeIn {
                    days,
                    minor,
                    device,
                    credit,
                } => {
                    let Some(public_id) = trade_ins.next() else {
                        return Err(StorageError::Invariant("too few demo trade-in ids"));
                    };
                    tx.insert_trade_in(&NewTradeIn {
                        public_id: public_id.clone(),
                        account_id: account,
                        device: device.to_owned(),
                        status: redeem_core::TradeInStatus::Pending,
                        amount_minor: minor,
                        currency,
                        at: at(days[0], -8),
                    })
                    .await?;
                    let mut steps = vec![
                        (TradeInAction::Receive, days[1]),
                        (TradeInAction::Inspect, days[2]),
                    ];
                    if credit {
                        steps.push((TradeInAction::Credit { amount: None }, days[3]));
                    }
                    for (action, days) in steps {
                        let when = at(days, -7).min(self.now);
                        if let Err(error) = move_trade_in(tx, public_id, action, when).await? {
                            tracing::error!(%error, "demo trade-in step refused");
                            return Err(StorageError::Invariant(
                                "a demo trade-in step was refused",
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

async fn append<T: LedgerTx>(tx: &mut T, entry: &NewEntry) -> Result<(), StorageError> {
    match tx.append_entry(entry).await? {
        Appended::Done { .. } => Ok(()),
        Appended::WouldGoNegative { .. } => Err(StorageError::Invariant(
            "the demo history would go below zero",
        )),
    }
}

impl Ledger {
    /// Creates the demo account with its history (once) and the demo cards (each once).
    /// Safe to run at every start.
    pub async fn seed_demo(&self) -> Result<DemoSummary, LedgerError> {
        let exists = self.storage.account_by_email(DEMO_EMAIL).await?.is_some();
        let password_hash = if exists {
            None
        } else {
            Some(self.passwords.hash(SecretText::new(DEMO_PASSWORD)).await?)
        };
        let mut history_cards = Vec::new();
        let mut trade_in_ids = Vec::new();
        if !exists {
            for step in HISTORY {
                match step {
                    Step::Redeem { .. } => {
                        let code = GiftCardCode::generate().map_err(LedgerError::Random)?;
                        history_cards.push((self.pepper.code_hmac(&code), code.last4()));
                    }
                    Step::TradeIn { .. } => trade_in_ids.push(super::admin::new_trade_in_id()?),
                    _ => {}
                }
            }
        }
        let demo_cards = DEMO_CARDS
            .iter()
            .map(|&(n, minor, region, disabled)| {
                let code = self.pepper.demo_code(n);
                let status = if disabled {
                    CardStatus::Disabled
                } else {
                    CardStatus::Active
                };
                (
                    self.pepper.code_hmac(&code),
                    code.last4(),
                    minor,
                    region.currency(),
                    region,
                    status,
                )
            })
            .collect();
        let created = self
            .storage
            .write(SeedDemo {
                password_hash,
                history_cards,
                trade_in_ids,
                demo_cards,
                now: self.now(),
            })
            .await?;
        let mut cards = Vec::new();
        for &(n, minor, region, disabled) in &DEMO_CARDS {
            let code = self.pepper.demo_code(n);
            let stored = self.storage.card(&self.pepper.code_hmac(&code)).await?;
            cards.push(DemoCard {
                value: Money::new(minor, region.currency()),
                region,
                disabled,
                redeemed: stored.is_some_and(|card| card.redeemed_at.is_some()),
                code,
            });
        }
        Ok(DemoSummary {
            email: DEMO_EMAIL.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            region: DEMO_REGION,
            created,
            cards,
        })
    }

    /// The demo cards that can still be redeemed, grouped `XXXX-XXXX-XXXX-XXXX`: the US
    /// ones first, then the GB one.
    pub async fn unredeemed_demo_codes(&self) -> Result<Vec<String>, LedgerError> {
        let mut codes = Vec::new();
        for &(n, _, _, disabled) in &DEMO_CARDS {
            if disabled {
                continue;
            }
            let code = self.pepper.demo_code(n);
            let card = self.storage.card(&self.pepper.code_hmac(&code)).await?;
            if card
                .is_some_and(|card| card.redeemed_at.is_none() && card.status == CardStatus::Active)
            {
                codes.push(code.expose_grouped());
            }
        }
        Ok(codes)
    }
}
