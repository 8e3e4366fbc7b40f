//! An in-memory backend for unit tests of the repository engine.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::local::{validate_key, validate_prefix};
use super::{Backend, ObjectInfo, StorageError};

#[derive(Default)]
pub struct MemoryBackend {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemoryBackend {
    pub fn new() -> MemoryBackend {
        MemoryBackend::default()
    }

    /// Direct access for tests that damage files on purpose.
    pub fn with_files<R>(&self, f: impl FnOnce(&mut BTreeMap<String, Vec<u8>>) -> R) -> R {
        let mut g = self.files.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }
}

impl Backend for MemoryBackend {
    fn location(&self) -> String {
        "memory".into()
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        validate_key(key)?;
        self.with_files(|f| f.get(key).cloned())
            .ok_or(StorageError::NotFound { key: key.into() })
    }

    fn get_range(&self, key: &str, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
        let all = self.get(key)?;
        let end = offset.saturating_add(len);
        if end > all.len() as u64 {
            return Err(StorageError::ShortRead {
                key: key.into(),
                expected: len,
                got: (all.len() as u64).saturating_sub(offset),
            });
        }
        Ok(all[offset as usize..end as usize].to_vec())
    }

    fn put(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        validate_key(key)?;
        self.with_files(|f| f.insert(key.into(), data.to_vec()));
        Ok(())
    }

    fn put_new(&self, key: &str, data: &[u8]) -> Result<(), StorageError> {
        validate_key(key)?;
        self.with_files(|f| {
            if f.contains_key(key) {
                return Err(StorageError::AlreadyExists { key: key.into() });
            }
            f.insert(key.into(), data.to_vec());
            Ok(())
        })
    }

    fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StorageError> {
        validate_prefix(prefix)?;
        Ok(self.with_files(|f| {
            f.range(prefix.to_string()..)
                .take_while(|(k, _)| k.starts_with(prefix))
                .map(|(k, v)| ObjectInfo {
                    key: k.clone(),
                    size: v.len() as u64,
                })
                .collect()
        }))
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        validate_key(key)?;
        self.with_files(|f| f.remove(key));
        Ok(())
    }

    fn stat(&self, key: &str) -> Result<Option<ObjectInfo>, StorageError> {
        validate_key(key)?;
        Ok(self.with_files(|f| {
            f.get(key).map(|v| ObjectInfo {
                key: key.into(),
                size: v.len() as u64,
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::MemoryBackend;

    fn fixture() -> ((), MemoryBackend) {
        ((), MemoryBackend::new())
    }

    crate::storage::conformance::conformance_tests!(fixture());
}
