//! The session's memo tables: parse's per-file steps, the model's
//! readability scores, the case cards and what each file was made from,
//! remembered between rebuilds.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::parse::{self, Addresses, Document, Header};
use crate::render;

pub(crate) use crate::fingerprint::fingerprint;

/// A memo table: content-relative path → (fingerprint of the inputs, result).
/// (foldhash: a rebuild looks up every file, and the keys are our own paths.)
type Memo<T> = Mutex<foldhash::HashMap<String, (u64, T)>>;

/// Parse's per-file steps, remembered: a file's header by a fingerprint of
/// its path and text, its document by that and the fingerprint of the
/// addresses its links were resolved against (a new title moves links).
#[derive(Default)]
pub(super) struct ParseMemo {
    /// Content-relative path → (fingerprint of the file, its text, its
    /// header). A file a load reuses shares its text with the last load,
    /// so an unchanged file is known by that text without hashing it.
    pub(super) headers: Memo<(Arc<str>, Result<Header, Diagnostic>)>,
    /// Content-relative path → (fingerprint of file and addresses, document, problems).
    bodies: Memo<(Document, Vec<Diagnostic>)>,
    /// The fingerprint of this run's addresses, taken at the first body.
    addresses: OnceLock<u64>,
    /// The addresses of the last run that parsed a body, for parsing an
    /// edited case on its own (`Session::case_pages`).
    pub(super) last_addresses: Mutex<Option<Arc<Addresses>>>,
    /// Content-relative path → (fingerprint of its body, its LIX): the
    /// model's readability measure, remembered by the body it read.
    lix: Memo<Option<f64>>,
    /// Bodies rendered anew in this run.
    pub(super) reparsed: AtomicUsize,
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl ParseMemo {
    /// Starts a run: the addresses are taken anew.
    pub(super) fn begin(&mut self) {
        self.addresses = OnceLock::new();
        *self.reparsed.get_mut() = 0;
    }

    /// Ends a run: what files no longer in the site gave is forgotten.
    pub(super) fn end(&mut self, sources: &[SourceFile]) {
        let current: foldhash::HashSet<&str> =
            sources.iter().map(|f| f.relative.as_str()).collect();
        let keep = |path: &String| current.contains(path.as_str());
        lock(&self.headers).retain(|path, _| keep(path));
        lock(&self.bodies).retain(|path, _| keep(path));
        lock(&self.lix).retain(|path, _| keep(path));
    }

    fn file_print(&self, file: &SourceFile) -> u64 {
        lock(&self.headers)
            .get(&file.relative)
            .map(|(print, _)| *print)
            .unwrap_or_else(|| fingerprint(&(&file.path, &file.text)))
    }
}

impl parse::Steps for ParseMemo {
    fn header(&self, file: &SourceFile) -> Result<Header, Diagnostic> {
        if let Some((_, (_, header))) = lock(&self.headers)
            .get(&file.relative)
            .filter(|(_, (text, _))| Arc::ptr_eq(text, &file.text))
        {
            return header.clone();
        }
        let print = fingerprint(&(&file.path, &file.text));
        if let Some((_, (text, header))) = lock(&self.headers)
            .get_mut(&file.relative)
            .filter(|(known, _)| *known == print)
        {
            // The same text read again: known by this copy from now on.
            *text = file.text.clone();
            return header.clone();
        }
        let header = parse::read_header(file);
        lock(&self.headers).insert(
            file.relative.clone(),
            (print, (file.text.clone(), header.clone())),
        );
        header
    }

    fn body(
        &self,
        file: &SourceFile,
        header: Header,
        addresses: &Addresses,
    ) -> (Document, Vec<Diagnostic>) {
        let links = *self.addresses.get_or_init(|| {
            *lock(&self.last_addresses) = Some(Arc::new(addresses.clone()));
            fingerprint(addresses)
        });
        let print = fingerprint(&(self.file_print(file), links));
        if let Some((_, parsed)) = lock(&self.bodies)
            .get(&file.relative)
            .filter(|(known, _)| *known == print)
        {
            return parsed.clone();
        }
        self.reparsed.fetch_add(1, Ordering::Relaxed);
        let (document, problems) = parse::read_body(file, header, addresses);
        lock(&self.bodies).insert(
            file.relative.clone(),
            (print, (document.clone(), problems.clone())),
        );
        (document, problems)
    }
}

/// The LIX of a document by the fingerprint its body was rendered under
/// (file and addresses): the body's text is a function of those.
impl crate::model::Steps for ParseMemo {
    fn lix(&self, doc: &Document) -> Option<f64> {
        let relative = &doc.file.relative;
        let print = lock(&self.bodies).get(relative).map(|(print, _)| *print);
        let Some(print) = print else {
            return crate::model::readability::lix(&doc.body.plain_text());
        };
        if let Some((_, lix)) = lock(&self.lix)
            .get(relative)
            .filter(|(known, _)| *known == print)
        {
            return *lix;
        }
        let lix = crate::model::readability::lix(&doc.body.plain_text());
        lock(&self.lix).insert(relative.clone(), (print, lix));
        lix
    }
}

/// What a render of `serve`'s session leaves for the next: the case
/// cards' HTML and the fingerprint of what each file was made from.
#[derive(Default)]
pub(super) struct RenderMemo {
    /// Case cards' HTML by URL, with the fingerprint of the context each was
    /// rendered from: a render needs every card (the list of all cases),
    /// but an edit changes few.
    cards: Mutex<render::Cards>,
    /// What each file of the last recorded render was made from, by path.
    prints: Mutex<Arc<render::Prints>>,
    /// The files the last recorded render no longer made (`None`: it was
    /// the first, and made every file).
    removed: Mutex<Option<Vec<String>>>,
}

impl RenderMemo {
    /// The files the last recorded render no longer made, taken.
    pub(super) fn take_removed(&self) -> Option<Vec<String>> {
        lock(&self.removed).take()
    }

    /// Forgets what the files at `paths` were made from: they were put in
    /// place outside a recorded render, so the next makes them again.
    pub(super) fn forget<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        let mut prints = lock(&self.prints);
        let prints = Arc::make_mut(&mut prints);
        for path in paths {
            prints.remove(path);
        }
    }
}

impl render::Steps for RenderMemo {
    fn keeps_cards(&self) -> bool {
        true
    }

    fn card(&self, url: &str, print: u64) -> Option<Arc<str>> {
        lock(&self.cards)
            .get(url)
            .filter(|(known, _)| *known == print)
            .map(|(_, html)| html.clone())
    }

    fn keep_cards(&self, cards: render::Cards) {
        *lock(&self.cards) = cards;
    }

    fn held(&self) -> Option<Arc<render::Prints>> {
        Some(lock(&self.prints).clone())
    }

    fn hold(&self, recorded: render::Recorded) {
        *lock(&self.prints) = Arc::new(recorded.prints);
        *lock(&self.removed) = recorded.removed;
    }
}

/// A render of some files of `serve`'s site (the edited page first, the
/// print page on request): the cards are kept, nothing is recorded.
pub(super) struct CardsOnly<'a>(pub(super) &'a RenderMemo);

impl render::Steps for CardsOnly<'_> {
    fn keeps_cards(&self) -> bool {
        true
    }

    fn card(&self, url: &str, print: u64) -> Option<Arc<str>> {
        render::Steps::card(self.0, url, print)
    }

    fn keep_cards(&self, cards: render::Cards) {
        render::Steps::keep_cards(self.0, cards)
    }
}
