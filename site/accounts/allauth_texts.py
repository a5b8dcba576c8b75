"""Texts of allauth's own templates whose translation this site corrects.

allauth's Swedish catalogue gives the login page's sign-up hint the sign-up page's sentence ("Har du
redan ett konto? Då kan du logga in."), pointing a newcomer the wrong way. The site's catalogue
(``site/locale``) takes precedence over allauth's; naming the message here keeps it there when the
catalogues are regenerated.
"""

from django.utils.translation import gettext_noop

LOGIN_SIGN_UP_HINT = gettext_noop(
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
)
