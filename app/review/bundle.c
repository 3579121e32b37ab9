/*
 * bundle.c — an export bundle opened for review. The manifest is the only
 * authority: every file it lists must be there with its SHA-256, and nothing
 * else may be. Each file is read once into one reused buffer, hashed, and
 * the buffer wiped: a bundle of 10,000 sessions costs 10,000 reads, not
 * 10,000 allocations, and no candidate's words outlive their file's turn.
 */
#include "bundle.h"
#include "bundle_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "export.h"
#include "hash.h"
#include "jsonpos.h"

/* 10,000 sessions list in about 1 MB; far beyond that is not a manifest. */
#define MANIFEST_MAX (64u << 20)
/* A folder of foreign files must not drown the message. */
#define REPORT_MAX 20
#define WALK_DEPTH 4
#define VERIFY_THREADS 4

void bundle_fbuf_wipe(bundle_fbuf *b)
{
	if (b->data != NULL)
		explicit_bzero(b->data, b->len);
	b->len = 0;
}

void bundle_fbuf_free(bundle_fbuf *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->cap);
		free(b->data);
	}
	*b = (bundle_fbuf){ 0 };
}

/* The whole file at dir_fd/rel into b (NUL-terminated); 0 or -1 with errno. */
int bundle_fbuf_read(bundle_fbuf *b, int dir_fd, const char *rel, size_t max)
{
	int fd = openat(dir_fd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), saved;
	struct stat sb;
	ssize_t got;

	bundle_fbuf_wipe(b);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
		errno = S_ISREG(sb.st_mode) ? EFBIG : EINVAL;
		goto fail;
	}
	if ((size_t)sb.st_size + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;
		while (cap < (size_t)sb.st_size + 1)
			cap *= 2;
		/* Moved by hand: realloc would leave the old copy in freed memory. */
		bundle_fbuf_free(b);
		if ((b->data = malloc(cap)) == NULL) {
			errno = ENOMEM;
			goto fail;
		}
		b->cap = cap;
	}
	/* Read to the end, not to st_size: a file that grew was altered. */
	for (;;) {
		if (b->len + 1 == b->cap) {
			errno = EFBIG;
			goto fail;
		}
		got = read(fd, b->data + b->len, b->cap - 1 - b->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		b->len += (size_t)got;
	}
	b->data[b->len] = '\0';
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	bundle_fbuf_wipe(b);
	errno = saved;
	return -1;
}

static const EVP_MD *sha256_md;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* Hashing every file is most of a bundle's verification: OpenSSL's SHA-256
 * is six times libsodium's here (docs/DESIGN.md, "Hashing"). */
void bundle_sha256_hex(const char *data, size_t len, char hex[HASH_HEX_LEN + 1])
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned int dlen = 0;

	pthread_once(&once, sha256_fetch);
	if (sha256_md == NULL || EVP_Digest(data, len, digest, &dlen, sha256_md, NULL) != 1 ||
	    dlen != sizeof digest)
		crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(hex, HASH_HEX_LEN + 1, digest, sizeof digest);
	explicit_bzero(digest, sizeof digest);
}

int bundle_manifest_line(bundle_manifest *m, const char *ptr)
{
	if (m->pos == NULL)
		m->pos = jsonpos_index(m->text.data, m->text.len);
	return m->pos ? jsonpos_line(m->pos, ptr) : 0;
}

void bundle_manifest_close(bundle_manifest *m)
{
	json_decref(m->root);
	jsonpos_free(m->pos);
	bundle_fbuf_free(&m->text);
	if (m->dir_fd >= 0)
		close(m->dir_fd);
	m->root = m->files = NULL;
	m->pos = NULL;
	m->dir_fd = -1;
}

static bool is_hash(const char *s)
{
	return s != NULL && strncmp(s, "sha256:", 7) == 0 &&
	       strspn(s + 7, "0123456789abcdef") == HASH_HEX_LEN && s[7 + HASH_HEX_LEN] == '\0';
}

/* A path inside the bundle: relative, plain components, no way out. */
static bool is_inner_path(const char *rel)
{
	int depth = 0;

	if (rel[0] == '\0' || strcmp(rel, "manifest.json") == 0)
		return false;
	for (const char *p = rel; *p != '\0'; depth++) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                     "0123456789._@-");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') ||
		    (p[n] != '/' && p[n] != '\0') || depth >= WALK_DEPTH)
			return false;
		p += n;
		if (*p == '/' && *++p == '\0')
			return false;
	}
	return true;
}

/*
 * Reads and checks DIR/manifest.json: the schema, and that "files" maps
 * inner paths to hashes. A folder without one is not a bundle.
 */
int bundle_manifest_open(bundle_manifest *m, const char *dir, diag_list *d)
{
	size_t n = strlen(dir);
	json_error_t jerr;
	const char *key, *schema;
	json_t *v;
	int errors = 0;

	*m = (bundle_manifest){ .dir_fd = -1 };
	while (n > 1 && dir[n - 1] == '/')
		n--;
	/* Room for the longest inner path after it. */
	if (n >= sizeof m->dir - 128) {
		diag_error(d, dir, 0, "path too long");
		return -1;
	}
	memcpy(m->dir, dir, n);
	m->dir[n] = '\0';
	snprintf(m->file, sizeof m->file, "%s/manifest.json", m->dir);
	if ((m->dir_fd = open(m->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(d, m->dir, 0, "not a bundle: %s", strerror(errno));
		return -1;
	}
	if (bundle_fbuf_read(&m->text, m->dir_fd, "manifest.json", MANIFEST_MAX) != 0) {
		if (errno == ENOENT)
			diag_error(d, m->dir, 0, "not an export bundle: it has no manifest.json "
			           "(a foreign folder, or an export that did not finish)");
		else
			diag_error(d, m->file, 0, "%s", strerror(errno));
		bundle_manifest_close(m);
		return -1;
	}
	hash_sha256_tagged(m->text.data, m->text.len, m->hash);
	/* Without JSON_DECODE_ANY: a manifest is an object, nothing else. */
	m->root = json_loadb(m->text.data, m->text.len, JSON_REJECT_DUPLICATES, &jerr);
	if (m->root == NULL) {
		diag_error(d, m->file, jerr.line, "bad manifest (%s): %s",
		           jerr.position >= (int)m->text.len ? "cut short" : "not valid JSON",
		           jerr.text);
		bundle_manifest_close(m);
		return -1;
	}
	schema = json_string_value(json_object_get(m->root, "schema"));
	if (!json_is_object(m->root) || schema == NULL ||
	    strcmp(schema, EXPORT_SCHEMA_MANIFEST) != 0) {
		diag_error(d, m->file, bundle_manifest_line(m, "/schema"), "not an export bundle: "
		           "the manifest's schema is not \"%s\"", EXPORT_SCHEMA_MANIFEST);
		bundle_manifest_close(m);
		return -1;
	}
	m->files = json_object_get(m->root, "files");
	if (!json_is_object(m->files)) {
		diag_error(d, m->file, bundle_manifest_line(m, "/files"),
		           "bad manifest: \"files\" must be an object");
		bundle_manifest_close(m);
		return -1;
	}
	json_object_foreach(m->files, key, v) {
		if (is_inner_path(key) && is_hash(json_string_value(v)))
			continue;
		if (errors++ < REPORT_MAX) {
			char ptr[PATH_MAX];
			snprintf(ptr, sizeof ptr, "/files/%s", key);
			diag_error(d, m->file, bundle_manifest_line(m, ptr), "bad manifest: \"%s\" %s", key,
			           is_inner_path(key) ? "must map to \"sha256:<64 hex>\""
			                              : "is not a path inside the bundle");
		}
	}
	if (errors > 0) {
		bundle_manifest_close(m);
		return -1;
	}
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The listed paths, sorted (a manifest's own order is only a claim). */
const char **bundle_manifest_keys(bundle_manifest *m, size_t *count)
{
	size_t n = json_object_size(m->files), i = 0;
	const char **keys = malloc((n ? n : 1) * sizeof *keys);
	const char *key;
	json_t *v;

	if (keys == NULL)
		return NULL;
	json_object_foreach(m->files, key, v)
		keys[i++] = key;
	qsort(keys, n, sizeof *keys, key_cmp);
	*count = n;
	return keys;
}

bool bundle_is_session_path(const char *rel)
{
	size_t n = strlen(rel);

	if (bundle_is_sealed_path(rel))
		return true;
	return strncmp(rel, "sessions/", 9) == 0 && strchr(rel + 9, '/') == NULL &&
	       n > 14 && strcmp(rel + n - 5, ".json") == 0;
}

bool bundle_is_sealed_path(const char *rel)
{
	size_t n = strlen(rel);

	return strncmp(rel, "sessions/", 9) == 0 && strchr(rel + 9, '/') == NULL &&
	       n > 21 && strcmp(rel + n - 12, ".json.sealed") == 0;
}

typedef struct {
	bundle_manifest *m;
	diag_list *d;
	int extra;
} walk_ctx;

/* What macOS and Windows leave on any stick they mount: never the kiosk's,
 * never candidates' words, and no reason to refuse a bundle. Only these. */
static bool is_os_litter(const char *name)
{
	static const char *const names[] = { ".DS_Store", ".Spotlight-V100", ".Trashes",
	                                     ".fseventsd", "System Volume Information" };

	if (strncmp(name, "._", 2) == 0 && name[2] != '\0')
		return true;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Every file on disk must be listed; folders only hold files. */
static void walk(walk_ctx *w, int dir_fd, const char *prefix, int depth)
{
	char rel[PATH_MAX + 512];
	struct dirent *e;
	DIR *dir;
	int fd = dup(dir_fd);

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		diag_error(w->d, NULL, 0, "%s/%s: %s", w->m->dir, prefix, strerror(errno));
		w->extra++;
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		struct stat sb;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(rel, sizeof rel, "%s%s", prefix, e->d_name);
		if (depth == 0 && strcmp(e->d_name, "manifest.json") == 0)
			continue;
		if (fstatat(dir_fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			sb.st_mode = 0;
		if (is_os_litter(e->d_name) &&
		    !(S_ISREG(sb.st_mode) && json_object_get(w->m->files, rel) != NULL))
			continue;
		if (S_ISDIR(sb.st_mode) && depth + 1 < WALK_DEPTH) {
			int sub = openat(dir_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
			                 O_NOFOLLOW);
			char inner[sizeof rel + 2];
			if (sub >= 0) {
				snprintf(inner, sizeof inner, "%s/", rel);
				walk(w, sub, inner, depth + 1);
				close(sub);
				continue;
			}
		}
		if (S_ISREG(sb.st_mode) && json_object_get(w->m->files, rel) != NULL)
			continue;
		if (w->extra++ < REPORT_MAX)
			diag_error(w->d, NULL, 0, "%s/%s: extra: not listed in the manifest",
			           w->m->dir, rel);
	}
	closedir(dir);
}

/* The listed files shared out among threads: hashing is the cost. */
typedef struct {
	int dir_fd;
	const char **keys;
	const char **want;          /* "sha256:…" per key, resolved beforehand */
	int *outcome;               /* 0 matches, -1 altered, else errno */
	size_t n;
	atomic_size_t next;
} verify_job;

static void *verify_worker(void *arg)
{
	char hex[HASH_HEX_LEN + 1];
	verify_job *j = arg;
	bundle_fbuf b = { 0 };

	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;) {
		if (bundle_fbuf_read(&b, j->dir_fd, j->keys[i], BUNDLE_FILE_MAX) != 0) {
			j->outcome[i] = errno ? errno : EIO;
			continue;
		}
		bundle_sha256_hex(b.data, b.len, hex);
		bundle_fbuf_wipe(&b);
		j->outcome[i] = strcmp(hex, j->want[i] + 7) == 0 ? 0 : -1;
	}
	bundle_fbuf_free(&b);
	return NULL;
}

/* Each listed file read once, hashed and compared; the problems are said in
 * path order whatever thread found them. Returns how many. */
static int verify_files(bundle_manifest *m, const char **keys, size_t n, diag_list *d)
{
	verify_job j = { .dir_fd = m->dir_fd, .keys = keys, .n = n };
	pthread_t threads[VERIFY_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int started = 0, problems = 0;

	j.want = malloc((n ? n : 1) * sizeof *j.want);
	j.outcome = calloc(n ? n : 1, sizeof *j.outcome);
	if (j.want == NULL || j.outcome == NULL) {
		free(j.want);
		free(j.outcome);
		diag_error(d, m->file, 0, "out of memory");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		j.want[i] = json_string_value(json_object_get(m->files, keys[i]));
	atomic_init(&j.next, 0);
	/* A small bundle is done before a thread would have started. */
	for (long t = 1; n >= 64 && t < cpus && t < VERIFY_THREADS; t++)
		if (pthread_create(&threads[started], NULL, verify_worker, &j) == 0)
			started++;
	verify_worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	for (size_t i = 0; i < n; i++) {
		if (j.outcome[i] == 0 || problems++ >= REPORT_MAX)
			continue;
		if (j.outcome[i] < 0)
			diag_error(d, NULL, 0, "%s/%s: altered: its SHA-256 differs from the manifest",
			           m->dir, keys[i]);
		else
			diag_error(d, NULL, 0, "%s/%s: %s", m->dir, keys[i],
			           j.outcome[i] == ENOENT ? "missing: listed in the manifest"
			                                  : strerror(j.outcome[i]));
	}
	free(j.want);
	free(j.outcome);
	return problems;
}

/* The packs the manifest says the bundle carries, each checked against
 * the hash listed for its pack.json. */
static int read_packs(bundle_manifest *m, bundle *out, diag_list *d)
{
	json_t *packs = json_object_get(m->root, "packs"), *p;
	char ptr[64], rel[64];
	int errors = 0;
	size_t i;

	if (!json_is_array(packs)) {
		diag_error(d, m->file, bundle_manifest_line(m, "/packs"),
		           "bad manifest: \"packs\" must be an array");
		return -1;
	}
	json_array_foreach(packs, i, p) {
		const char *id = json_string_value(json_object_get(p, "id"));
		const char *version = json_string_value(json_object_get(p, "version"));
		const char *hash = json_string_value(json_object_get(p, "hash"));
		json_t *path = json_object_get(p, "path");
		const char *dir = json_string_value(path), *listed;
		bundle_pack *bp;

		snprintf(ptr, sizeof ptr, "/packs/%zu", i);
		if (id == NULL || version == NULL || !is_hash(hash) || strlen(id) >= SESSION_SHORT ||
		    strlen(version) >= SESSION_SHORT || (path != NULL && dir == NULL)) {
			diag_error(d, m->file, bundle_manifest_line(m, ptr),
			           "bad manifest: pack %zu needs an id, a version and a hash", i + 1);
			errors++;
			continue;
		}
		if (dir == NULL) {
			diag_warning(d, m->file, bundle_manifest_line(m, ptr), "pack %s %s is not in the "
			             "bundle (the export did not find it)", id, hash);
			continue;
		}
		snprintf(rel, sizeof rel, "%.40s/pack.json", dir);
		listed = json_string_value(json_object_get(m->files, rel));
		if ((strcmp(dir, "pack") != 0 && (strncmp(dir, "pack-", 5) != 0 ||
		     strlen(dir) != 17 || strspn(dir + 5, "0123456789abcdef") != 12)) ||
		    listed == NULL || strcmp(listed, hash) != 0) {
			diag_error(d, m->file, bundle_manifest_line(m, ptr), "bad manifest: pack %s: "
			           "\"%s\" is not a listed pack folder whose pack.json has hash %s",
			           id, dir, hash);
			errors++;
			continue;
		}
		if (out->npacks == BUNDLE_MAX_PACKS) {
			diag_warning(d, m->file, bundle_manifest_line(m, ptr), "more than %d packs: "
			             "pack %s is left out", BUNDLE_MAX_PACKS, id);
			continue;
		}
		bp = &out->packs[out->npacks++];
		snprintf(bp->id, sizeof bp->id, "%s", id);
		snprintf(bp->version, sizeof bp->version, "%s", version);
		snprintf(bp->hash, sizeof bp->hash, "%s", hash);
		snprintf(bp->dir, sizeof bp->dir, "%.*s/%s", PATH_MAX - 128, m->dir, dir);
	}
	return errors ? -1 : 0;
}

int bundle_open(const char *dir, bool verify, bundle *out, diag_list *d)
{
	const char *kiosk;
	const char **keys = NULL;
	size_t n = 0;
	bundle_manifest m;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0) {
		diag_error(d, dir, 0, "cannot initialise libsodium");
		return -1;
	}
	if (bundle_manifest_open(&m, dir, d) != 0)
		return -1;
	kiosk = json_string_value(json_object_get(m.root, "kiosk_id"));
	if (kiosk == NULL || strlen(kiosk) >= sizeof out->kiosk_id) {
		diag_error(d, m.file, bundle_manifest_line(&m, "/kiosk_id"),
		           "bad manifest: \"kiosk_id\" must be a short string");
		goto out;
	}
	if ((keys = bundle_manifest_keys(&m, &n)) == NULL) {
		diag_error(d, m.file, 0, "out of memory");
		goto out;
	}
	snprintf(out->dir, sizeof out->dir, "%s", m.dir);
	snprintf(out->kiosk_id, sizeof out->kiosk_id, "%s", kiosk);
	snprintf(out->manifest_hash, sizeof out->manifest_hash, "%s", m.hash);
	for (size_t i = 0; i < n; i++) {
		out->session_files += bundle_is_session_path(keys[i]);
		out->sealed_files += bundle_is_sealed_path(keys[i]);
	}
	if (bundle_manifest_seal(&m, keys, n, out, d) != 0 || read_packs(&m, out, d) != 0)
		goto out;
	if (verify) {
		walk_ctx w = { &m, d, 0 };
		int problems = verify_files(&m, keys, n, d);
		walk(&w, m.dir_fd, "", 0);
		if (problems + w.extra > REPORT_MAX)
			diag_error(d, m.dir, 0, "%d problems in all: the bundle is refused",
			           problems + w.extra);
		if (problems + w.extra > 0)
			goto out;
	}
	rc = 0;
out:
	free(keys);
	bundle_manifest_close(&m);
	if (rc != 0)
		memset(out, 0, sizeof *out);
	return rc;
}

/* What a stat says about a file changing; the rest of struct stat varies. */
static void stamp_add(crypto_hash_sha256_state *st, int dir_fd, const char *rel)
{
	struct stat sb;
	int64_t f[7] = { 0 };

	crypto_hash_sha256_update(st, (const unsigned char *)rel, strlen(rel) + 1);
	if (fstatat(dir_fd, rel, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
		f[0] = (int64_t)sb.st_size;
		f[1] = (int64_t)sb.st_mtim.tv_sec;
		f[2] = (int64_t)sb.st_mtim.tv_nsec;
		f[3] = (int64_t)sb.st_ctim.tv_sec;
		f[4] = (int64_t)sb.st_ctim.tv_nsec;
		f[5] = (int64_t)sb.st_ino;
		f[6] = (int64_t)sb.st_dev;
	}
	crypto_hash_sha256_update(st, (const unsigned char *)f, sizeof f);
}

int bundle_fingerprint(const char *dir, char out[SESSION_HASH], diag_list *d)
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char parent[PATH_MAX] = "", last[PATH_MAX] = "\1";
	const char **keys;
	size_t n = 0;
	bundle_manifest m;

	if (sodium_init() < 0 || bundle_manifest_open(&m, dir, d) != 0)
		return -1;
	if ((keys = bundle_manifest_keys(&m, &n)) == NULL) {
		diag_error(d, m.file, 0, "out of memory");
		bundle_manifest_close(&m);
		return -1;
	}
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)m.text.data, m.text.len);
	/* A file added anywhere changes the mtime of the folder it went into;
	 * the folders of listed files, and the bundle's own, are stamped too. */
	stamp_add(&st, m.dir_fd, ".");
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(keys[i], '/');
		stamp_add(&st, m.dir_fd, keys[i]);
		if (slash == NULL)
			continue;
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - keys[i]), keys[i]);
		if (strcmp(parent, last) != 0) {
			stamp_add(&st, m.dir_fd, parent);
			memcpy(last, parent, sizeof last);
		}
	}
	crypto_hash_sha256_final(&st, digest);
	memcpy(out, "sha256:", 7);
	sodium_bin2hex(out + 7, HASH_HEX_LEN + 1, digest, sizeof digest);
	free(keys);
	bundle_manifest_close(&m);
	return 0;
}

const char *bundle_pack_dir(const bundle *b, const char *pack_hash)
{
	for (int i = 0; b != NULL && pack_hash != NULL && i < b->npacks; i++)
		if (strcmp(b->packs[i].hash, pack_hash) == 0)
			return b->packs[i].dir;
	return NULL;
}
