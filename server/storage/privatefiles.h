#pragma once

#include "common/result.h"

#include <optional>

//! Files and directories only their owner may read: secrets, the embedded cluster's log, the
//! data directory. Files are created with O_EXCL and mode 0600 from the start, written under a
//! temporary name and renamed into place, and nothing is followed through a symbolic link: the
//! embedded cluster's account could plant one for a server running as root to follow.
namespace PrivateFiles {

//! Who a new file belongs to; unset: whoever we are.
struct Owner
{
    long uid = -1;
    long gid = -1;
};

//! The directory, created 0700 when missing; group and others lose any read or write access
//! (search access for the group may stay: it is what an ACL for the cluster's account shows).
//! A symbolic link or anything but a directory is refused.
Result<void> ensureDirectory(const QString &path);

//! The file's content; nullopt when it does not exist. A symbolic link or anything but a
//! regular file is refused; a file others may read is made private.
Result<std::optional<QByteArray>> read(const QString &path);

//! Writes `content` atomically. With `replace` false an existing file is kept and the result
//! is false; otherwise true.
Result<bool> write(const QString &path, const QByteArray &content, bool replace, Owner owner = {});

//! The secret kept at `path`, or a new random one (`bytes` random bytes, base64url) stored
//! there when there is none yet.
Result<QByteArray> loadOrCreateSecret(const QString &path, int bytes = 24);

//! A file to append to (a log), created 0600 when missing and made private when it is not.
Result<void> ensureAppendable(const QString &path);

//! Refuses a symbolic link at `path`; a missing path is fine.
Result<void> refuseSymlink(const QString &path);

} // namespace PrivateFiles
