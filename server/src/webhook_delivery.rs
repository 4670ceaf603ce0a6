//! Sends webhook deliveries from the outbox (`webhook_deliveries`), signed
//! as the Standard Webhooks specification says, with retries and a log of
//! every attempt.
//!
//! Every instance runs the worker. Each pass asks which organizations have
//! deliveries due, claims a batch of each in a transaction of that
//! organization (moving its due time past the attempt, so that no other
//! instance takes it meanwhile, and PostgreSQL's `SKIP LOCKED` keeps two
//! claims at the same moment apart), sends them, and records each attempt.
//! An instance that dies between the claim and the record leaves the
//! delivery due again when the claim runs out: an attempt may then be made
//! twice, never lost, and both carry the same `webhook-id`.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use labelwell_transport::WebhookDeliveryStatus;
use sha2::Sha256;

use crate::config::WebhookConfig;
use crate::db::{Db, Tenancy, Ts};
use crate::error::Result;
use crate::lifecycle::{Lifecycle, Phase};
use crate::repositories::webhooks::{self, AttemptOutcome, ClaimedDelivery};

/// Organizations served in one pass.
const ORGANIZATIONS_PER_PASS: i64 = 100;
/// Deliveries of one organization claimed at once.
const DELIVERIES_PER_CLAIM: i64 = 32;
/// Attempts made at once by one instance.
const ATTEMPTS_AT_ONCE: usize = 16;
/// The longest wait between two attempts at one delivery.
const LONGEST_RETRY: Duration = Duration::from_secs(3600);
/// What a claim adds to the attempt's timeout: the time to record it.
const CLAIM_MARGIN: Duration = Duration::from_secs(30);

/// Sends due deliveries until the server stops serving.
pub async fn deliver_webhooks(db: Db, config: WebhookConfig, lifecycle: Lifecycle) {
    let poll = Duration::from_millis(config.webhook_poll_ms);
    while lifecycle.phase() == Phase::Serving {
        match deliver_due(&db, &config).await {
            // A full batch: more may be due at once.
            Ok(attempted) if attempted >= DELIVERIES_PER_CLAIM as usize => continue,
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "webhook deliveries: a pass failed"),
        }
        tokio::time::sleep(poll).await;
    }
}

/// One pass: claims what is due in each organization and attempts it;
/// returns the number of attempts made.
async fn deliver_due(db: &Db, config: &WebhookConfig) -> Result<usize> {
    let now = Ts::now();
    let organizations =
        webhooks::organizations_with_due_deliveries(db, now, ORGANIZATIONS_PER_PASS).await?;
    let timeout = Duration::from_secs(config.webhook_timeout_seconds.into());
    let claimed_until = now + time::Duration::try_from(timeout + CLAIM_MARGIN).unwrap_or_default();
    let mut claimed = Vec::new();
    for organization_id in organizations {
        let mut tx = db.begin(Tenancy::Organization(organization_id)).await?;
        let batch = webhooks::claim_due_deliveries(
            tx.conn(),
            organization_id,
            now,
            claimed_until,
            DELIVERIES_PER_CLAIM,
        )
        .await?;
        tx.commit().await?;
        claimed.extend(batch);
    }
    let attempted = claimed.len();
    futures_util::stream::iter(claimed)
        .for_each_concurrent(ATTEMPTS_AT_ONCE, |claimed| async move {
            let outcome = attempt(config, &claimed).await;
            if let Err(error) = record(db, &claimed, &outcome).await {
                tracing::warn!(%error, "webhook deliveries: an attempt was not recorded");
            }
        })
        .await;
    Ok(attempted)
}

async fn record(db: &Db, claimed: &ClaimedDelivery, outcome: &AttemptOutcome) -> Result<()> {
    let organization_id = claimed.webhook.organization_id;
    let mut tx = db.begin(Tenancy::Organization(organization_id)).await?;
    webhooks::record_attempt(
        tx.conn(),
        organization_id,
        claimed.delivery.webhook_id,
        claimed.delivery.event_id,
        outcome,
    )
    .await?;
    tx.commit().await?;
    let outcome_label = if outcome.succeeded {
        "succeeded"
    } else {
        "failed"
    };
    metrics::counter!("labelwell_webhook_attempts_total", "outcome" => outcome_label).increment(1);
    Ok(())
}

/// Makes one attempt at a delivery, and says what the delivery becomes.
async fn attempt(config: &WebhookConfig, claimed: &ClaimedDelivery) -> AttemptOutcome {
    let attempted_at = Ts::now();
    let started = Instant::now();
    let answer = post(config, claimed, attempted_at).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (response_status, error) = match answer {
        Ok(status) => (Some(status), None),
        Err(error) => (None, Some(error)),
    };
    let succeeded = response_status.is_some_and(|status| (200..300).contains(&status));
    let (status, next_attempt_at) = if succeeded {
        (WebhookDeliveryStatus::Succeeded, attempted_at)
    } else {
        next_after_failure(config, claimed, attempted_at)
    };
    AttemptOutcome {
        attempted_at,
        succeeded,
        response_status,
        latency_ms,
        error,
        status,
        next_attempt_at,
    }
}

/// After a failed attempt: pending again after a wait that doubles with each
/// attempt (from the configured first retry, up to an hour), until a day
/// (configurable) after the event; then failed.
fn next_after_failure(
    config: &WebhookConfig,
    claimed: &ClaimedDelivery,
    now: Ts,
) -> (WebhookDeliveryStatus, Ts) {
    let give_up_at = claimed.delivery.created_at
        + time::Duration::seconds(config.webhook_give_up_after_seconds.into());
    if now.get() >= give_up_at.get() {
        return (WebhookDeliveryStatus::Failed, now);
    }
    let doublings = u32::try_from(claimed.delivery.attempt_count.clamp(0, 20)).unwrap_or(20);
    let wait = Duration::from_millis(config.webhook_first_retry_ms)
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(LONGEST_RETRY);
    let next = now + time::Duration::try_from(wait).unwrap_or(time::Duration::HOUR);
    let next = if next.get() < give_up_at.get() {
        next
    } else {
        give_up_at
    };
    (WebhookDeliveryStatus::Pending, next)
}

/// POSTs the payload, signed; the receiver's HTTP status, or why there is none.
async fn post(
    config: &WebhookConfig,
    claimed: &ClaimedDelivery,
    at: Ts,
) -> std::result::Result<u16, String> {
    let url = url::Url::parse(&claimed.webhook.url).map_err(|error| format!("bad URL: {error}"))?;
    let host = url.host_str().ok_or("the URL names no host")?.to_owned();
    let port = url.port_or_known_default().ok_or("the URL names no port")?;
    let addresses: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(address)) => vec![SocketAddr::new(address.into(), port)],
        Some(url::Host::Ipv6(address)) => vec![SocketAddr::new(address.into(), port)],
        _ => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|error| format!("could not resolve {host}: {error}"))?
            .collect(),
    };
    if !config.webhook_allow_private_targets {
        for address in &addresses {
            if let Some(refusal) = refusal_of_address(address.ip()) {
                return Err(format!("refused: {host} resolves to {refusal}"));
            }
        }
    }
    // The client connects to the addresses just vetted, not to what a second
    // lookup might answer, and follows no redirect (it could lead anywhere).
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(config.webhook_timeout_seconds.into()))
        .user_agent(concat!("Labelwell-Webhooks/", env!("CARGO_PKG_VERSION")));
    if matches!(url.host(), Some(url::Host::Domain(_))) {
        client = client.resolve_to_addrs(&host, &addresses);
    }
    let client = client
        .build()
        .map_err(|error| format!("could not make an HTTP client: {error}"))?;
    let id = claimed.delivery.event_id.0.to_string();
    let timestamp = at.get().unix_timestamp().to_string();
    let payload = &claimed.delivery.payload;
    let signature = claimed
        .webhook
        .signing_secrets(at)
        .into_iter()
        .map(|secret| sign(secret, &id, &timestamp, payload))
        .collect::<Vec<_>>()
        .join(" ");
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", &timestamp)
        .header("webhook-signature", signature)
        .body(payload.clone())
        .send()
        .await
        .map_err(|error| describe(&error))?;
    Ok(response.status().as_u16())
}

/// A failed request, with its causes: what the delivery log shows.
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{payload}` under
/// the secret's key (the base64 after `whsec_`): one Standard Webhooks signature.
pub fn sign(secret: &str, id: &str, timestamp: &str, payload: &str) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .unwrap_or_else(|_| secret.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Why an address is no webhook target unless the operator allows private
/// ones (`None` for a public address): loopback, private, shared (CGNAT),
/// link-local (cloud metadata), unique-local, multicast, unspecified,
/// broadcast, documentation and benchmarking ranges, and IPv6 forms of them.
pub fn refusal_of_address(address: IpAddr) -> Option<String> {
    let address = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    };
    let why = match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                Some("a loopback address")
            } else if v4.is_private() {
                Some("a private address")
            } else if v4.is_link_local() {
                Some("a link-local address")
            } else if a == 100 && (64..128).contains(&b) {
                Some("a shared (carrier-grade NAT) address")
            } else if v4.is_unspecified() || a == 0 {
                Some("an unspecified address")
            } else if v4.is_broadcast() || v4.is_multicast() || a >= 240 {
                Some("a broadcast, multicast or reserved address")
            } else if v4.is_documentation() || (a == 198 && (18..20).contains(&b)) {
                Some("a documentation or benchmarking address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Some("a loopback address")
            } else if v6.is_unspecified() {
                Some("an unspecified address")
            } else if first & 0xfe00 == 0xfc00 {
                Some("a unique-local address")
            } else if first & 0xffc0 == 0xfe80 {
                Some("a link-local address")
            } else if v6.is_multicast() {
                Some("a multicast address")
            } else if first == 0x2001 && v6.segments()[1] == 0x0db8 {
                Some("a documentation address")
            } else if first == 0x0064 && v6.segments()[1] == 0xff9b {
                Some("a NAT64 address")
            } else {
                None
            }
        }
    };
    why.map(|why| format!("{address}, {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_specifications_example() {
        // The example of the Standard Webhooks specification and its libraries' tests.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn non_public_addresses_are_refused_and_public_ones_are_not() {
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            let address: IpAddr = refused.parse().expect("an address");
            assert!(
                refusal_of_address(address).is_some(),
                "{refused} is refused"
            );
        }
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
            let address: IpAddr = public.parse().expect("an address");
            assert_eq!(refusal_of_address(address), None, "{public} is public");
        }
    }
}
