// A person who followed an older "stop this reminder" link meant it: send the form for them.
// (Links opened within minutes of sending are often mail scanners; those wait for a press.)
document.querySelector("form[data-submit-now]")?.submit();
