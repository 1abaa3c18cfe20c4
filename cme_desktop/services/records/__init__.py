"""A learner's own records on the portal: their claims, their certificates and their transcript.

Every function takes the signed-in learner's profile id and answers only about that profile (a merged-away id
leads to the profile it was merged into): a claim of anyone else is "not on your record", never a hint that it
exists. Certificates and transcripts come from the desktop's own services and writers (`certificates/`,
`documents/`), so a page from the portal and a page the office prints are the same page.
"""
