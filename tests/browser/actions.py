"""What a person does on a page, done either with the mouse or with the keyboard alone.

A keyboard-only journey never clicks: it moves the focus with Tab (and Shift+Tab) until the control it wants
has the focus, then presses Enter or Space, or types. If the control cannot be reached that way the journey
fails, which is the point: everything must be operable from the keyboard (WCAG 2.1.1)."""

from playwright.sync_api import Locator, Page

MAX_TABS = 250


class Person:
    """Acts on `page` with the mouse (`keyboard=False`) or with the keyboard alone (`keyboard=True`)."""

    def __init__(self, page: Page, *, keyboard: bool):
        self.page = page
        self.keyboard = keyboard

    def focus(self, target: Locator) -> None:
        """Tab forwards (wrapping round the page once) until `target` has the focus."""
        target.wait_for(state="visible")
        handle = target.element_handle()
        for _ in range(MAX_TABS):
            if self.page.evaluate("(el) => document.activeElement === el", handle):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{target} cannot be reached with the Tab key")

    def activate(self, target: Locator) -> None:
        """Follow a link or press a button."""
        if self.keyboard:
            self.focus(target)
            self.page.keyboard.press("Enter")
        else:
            target.click()

    def fill(self, target: Locator, text: str) -> None:
        """Replace what a text box holds with `text`."""
        if self.keyboard:
            self.focus(target)
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
        else:
            target.fill(text)

    def check(self, target: Locator) -> None:
        """Tick a checkbox or choose a radio button."""
        if self.keyboard:
            self.focus(target)
            if not target.is_checked():
                self.page.keyboard.press("Space")
        else:
            target.check()

    def choose_files(self, target: Locator, files) -> None:
        """Choose files in a file input. From the keyboard the input must be reachable with Tab; the
        system's file dialog that Space would open is outside the page, so the files are then set on the
        input directly (racing the dialog's event under load made this flaky). Either way, wait for the
        condition, never for time: the input holds the files."""
        count = len(files) if isinstance(files, list | tuple) else 1
        if self.keyboard:
            self.focus(target)
        target.set_input_files(files)
        self.page.wait_for_function("([el, n]) => el.files.length === n", arg=[target.element_handle(), count])
        if self.keyboard:
            target.focus()  # the keyboard journey goes on from the file input, as after the dialog closes


# Wagtail's editor saves in the background (autosave, on by default since 7.3): the page form's `w-unsaved`
# controller compares the form with its last snapshot every half second, and `w-autosave` posts it — on a
# new page, to the add view, which creates the page and moves the form to the edit view. A submit pressed
# while that post is on its way goes to the add view a second time and is refused ("slug already in use").
# A person sees the "Saving…" indicator; a script waits for the same condition.
SETTLED_AUTOSAVE = """(form) => {
    const app = window.wagtail && window.wagtail.app;
    const unsaved = app && app.getControllerForElementAndIdentifier(form, "w-unsaved");
    const autosave = app && app.getControllerForElementAndIdentifier(form, "w-autosave");
    if (!unsaved) return false;
    const nothingNew = unsaved.initialFormData === undefined || unsaved.formData === unsaved.initialFormData;
    return nothingNew && !unsaved.hasEditsValue && !(autosave && autosave.submitPromise);
}"""


def wait_for_autosave(page: Page, form: str = "#page-edit-form") -> None:
    """Wait until the editor's form holds nothing the background save has yet to send, and no save is on
    its way, so that pressing Save, Submit or Publish next cannot race it. A form whose background save
    keeps failing never settles, and the wait fails: that is an editor losing work."""
    page.wait_for_function(SETTLED_AUTOSAVE, arg=page.locator(form).element_handle())
