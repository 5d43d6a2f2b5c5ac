"""The library settings a person may change, and what each says until it is set.

Plain values, apart from the code that reads and writes settings, so the new-library form can
show them while the library layer is still loading.
"""

DEFAULTS = {
    "privacy_contact": "the Privacy Office",
}
# Settings a person may change, with what each one is for (studio settings set KEY VALUE).
EDITABLE = {
    "organization": "the covered entity's name, printed on every consent form as who may "
                    "use and disclose the information",
    "privacy_contact": "where a patient sends a written revocation (printed on the form)",
}
