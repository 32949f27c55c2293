//! Who is at the keyboard: the OS login. Staff share one server over SSH, so the login is
//! what makes every change traceable to a person.

/// The login name of the effective user (from the password database, else `$USER`).
pub fn current_login() -> String {
    // SAFETY: getpwuid returns a pointer into static storage or null; we copy the name out
    // at once and never keep the pointer. We are single-threaded at this point.
    let from_passwd = unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if pw.is_null() || (*pw).pw_name.is_null() {
            None
        } else {
            std::ffi::CStr::from_ptr((*pw).pw_name).to_str().ok().map(str::to_owned)
        }
    };
    from_passwd
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .unwrap_or_else(|| format!("uid{}", unsafe { libc::geteuid() }))
}
