//! Browser sessions, stored in the database so that every server instance sees them.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::authz::caller::{SESSION_KEY, SessionAuth};
use crate::db::Db;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "labelwell_session";

/// The session store of either backend, on the `sessions` table of our migrations.
#[derive(Debug, Clone)]
pub enum DbSessionStore {
    /// On SQLite.
    Sqlite(SqliteStore),
    /// On PostgreSQL.
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// The store on the `sessions` table that our migrations create.
    pub fn new(db: &Db) -> anyhow::Result<Self> {
        const TABLE: &str = "sessions";
        let store = match db {
            Db::Sqlite(pool) => DbSessionStore::Sqlite(
                SqliteStore::new(pool.clone())
                    .with_table_name(TABLE)
                    .map_err(anyhow::Error::msg)?,
            ),
            Db::Postgres(pool) => DbSessionStore::Postgres(
                PostgresStore::new(pool.clone())
                    .with_schema_name("public")
                    .and_then(|store| store.with_table_name(TABLE))
                    .map_err(anyhow::Error::msg)?,
            ),
        };
        Ok(store)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.create(record).await,
            DbSessionStore::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.save(record).await,
            DbSessionStore::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(store) => store.load(id).await,
            DbSessionStore::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.delete(id).await,
            DbSessionStore::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(store) => store.delete_expired().await,
            DbSessionStore::Postgres(store) => store.delete_expired().await,
        }
    }
}

/// Signs the session in as `user_id`: a new session id (so an id planted before
/// login is worthless after it) and a new CSRF token, which is returned.
pub async fn sign_in(
    session: &tower_sessions::Session,
    user_id: crate::db::Id,
) -> crate::error::Result<String> {
    session.cycle_id().await.map_err(session_error)?;
    let csrf_token = crate::secrets::generate_secret("");
    let auth = SessionAuth {
        user_id: user_id.0,
        csrf_token: csrf_token.clone(),
    };
    session
        .insert(SESSION_KEY, auth)
        .await
        .map_err(session_error)?;
    Ok(csrf_token)
}

/// Ends the session: its record is deleted from the store and the cookie expired.
pub async fn sign_out(session: &tower_sessions::Session) -> crate::error::Result<()> {
    session.flush().await.map_err(session_error)
}

/// The error of a session that could not be read or written: 503 when its
/// store (the database) failed, as for any query that finds the database
/// gone; 500 when its record could not be encoded or decoded.
pub fn session_error(error: tower_sessions::session::Error) -> crate::error::Error {
    use tower_sessions::session::Error as SessionError;
    match error {
        SessionError::Store(session_store::Error::Backend(error)) => {
            crate::error::Error::SessionStore(error)
        }
        other => crate::error::Error::Internal(anyhow::anyhow!("session: {other}")),
    }
}
