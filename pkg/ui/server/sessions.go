package server

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// cookieName is the cookie that holds a session's id.
const cookieName = "weft-ui"

// tokenSessionLifetime is how long a token mode session lasts.
const tokenSessionLifetime = 8 * time.Hour

// session is one logged-in browser.
type session struct {
	// user is who the session acts as.
	user *user
	// expires is when the session ends; zero for never (local mode, where
	// the login link is valid as long as the server runs anyway).
	expires time.Time
}

// sessions are the logged-in browsers, by the random id of their cookie.
// They are kept in memory only: a restart logs everyone out.
type sessions struct {
	now  func() time.Time
	mu   sync.Mutex
	byID map[string]session
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, byID: map[string]session{}}
}

// create starts a session for u that lasts lifetime (0: as long as the
// server runs) and returns its id. Expired sessions are dropped then.
func (s *sessions) create(u *user, lifetime time.Duration) string {
	id := randomString()
	now := s.now()
	var expires time.Time
	if lifetime > 0 {
		expires = now.Add(lifetime)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for other, ses := range s.byID {
		if ses.expired(now) {
			delete(s.byID, other)
		}
	}
	s.byID[id] = session{user: u, expires: expires}
	return id
}

// lookup is the live session with the id.
func (s *sessions) lookup(id string) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ses, ok := s.byID[id]
	if ok && ses.expired(s.now()) {
		delete(s.byID, id)
		return session{}, false
	}
	return ses, ok
}

// end ends the session with the id, if there is one.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

func (ses session) expired(now time.Time) bool {
	return !ses.expires.IsZero() && !now.Before(ses.expires)
}

// sessionCookie is the cookie that carries a session id: out of the reach
// of scripts, never sent by requests other sites start, and Secure when
// the server serves TLS.
func sessionCookie(id string, lifetime time.Duration, secure bool) *http.Cookie {
	return &http.Cookie{
		Name:     cookieName,
		Value:    id,
		Path:     "/",
		MaxAge:   int(lifetime / time.Second),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteStrictMode,
	}
}

// endedSessionCookie makes the browser forget its session cookie.
func endedSessionCookie(secure bool) *http.Cookie {
	c := sessionCookie("", 0, secure)
	c.MaxAge = -1
	return c
}

// randomString is 32 random bytes, URL-safe: a login secret or a session
// id. crypto/rand's Read never fails (it ends the program if it cannot read).
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
